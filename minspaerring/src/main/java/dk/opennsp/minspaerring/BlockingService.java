package dk.opennsp.minspaerring;

import dk.opennsp.cluster.ChangeChannel;
import dk.opennsp.cluster.ChangeTopic;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.sor.SorCode;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Registering and ending blockings (and positive consents). The rules for what a valid registration
 * is live here; every change is written with its audit row in one transaction and reaches the
 * in-memory index before the call returns, so the very next lookup honours it; the same transaction
 * notifies the other nodes, whose indexes follow as soon as it commits.
 */
@Singleton
public class BlockingService {
    public static final String CREATED = "CREATED";
    public static final String ENDED = "ENDED";

    private final BlockingRepository repository;
    private final BlockingAuditRepository audits;
    private final BlockingIndex index;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;
    private final ChangeChannel channel;

    public BlockingService(BlockingRepository repository, BlockingAuditRepository audits, BlockingIndex index,
                           TransactionOperations<Connection> transactions, Clock clock, ChangeChannel channel) {
        this.repository = repository;
        this.audits = audits;
        this.index = index;
        this.transactions = transactions;
        this.clock = clock;
        this.channel = channel;
    }

    /** What a registration asks for, as the citizen (or support staff) gave it. */
    public record Draft(BlockingKind kind, String target, boolean includeSubUnits, Instant dataFrom, Instant dataTo,
                        Instant validFrom, Instant validTo) {
        public static Draft of(BlockingKind kind, String target) {
            return new Draft(kind, target, false, null, null, null, null);
        }
    }

    /**
     * Who made a change and how: channel self / custody / procuration for citizens, paper / phone for
     * support staff registering for a non-digital citizen (then a note such as the case reference).
     */
    public record Registrar(String channel, String actor, String actorName, String note) {
    }

    public Blocking create(String citizenCpr, Draft draft, Registrar by) {
        validate(draft);
        Instant now = clock.instant();
        Blocking saved = transactions.executeWrite(status -> {
            Blocking b = repository.save(new Blocking(null, citizenCpr, draft.kind(), draft.target(), draft.includeSubUnits(),
                    draft.dataFrom(), draft.dataTo(), draft.validFrom(), draft.validTo(), by.channel(), now,
                    by.actor(), now, null));
            audits.save(new BlockingAudit(null, b.id(), citizenCpr, CREATED, by.channel(), by.actor(), by.actorName(),
                    by.note(), now));
            channel.publish(status.getConnection(), ChangeTopic.BLOCKING, b.id());
            return b;
        });
        index.apply(List.of(saved));
        return saved;
    }

    private static void validate(Draft d) {
        if (d.kind() == null) {
            throw ApiException.badRequest("kind is required: ALL, PROFESSIONAL, ORGANISATION, DATA_FROM_ORGANISATION, "
                    + "DATA_PERIOD or POSITIVE_CONSENT");
        }
        if (d.kind().namesProfessional()) {
            if (!Identifiers.isAuthorizationCode(d.target()) && !Identifiers.isCpr(d.target())) {
                throw ApiException.badRequest("target must be an authorization code (5 letters/digits) or a CPR number");
            }
        } else if (d.kind().namesOrganisation()) {
            if (!SorCode.isValid(d.target())) {
                throw ApiException.badRequest("target must be a SOR code (15 digits with a valid check digit)");
            }
        } else if (d.target() != null) {
            throw ApiException.badRequest("A blocking of kind " + d.kind() + " takes no target");
        }
        if (d.includeSubUnits() && !d.kind().namesOrganisation()) {
            throw ApiException.badRequest("includeSubUnits applies only to ORGANISATION and DATA_FROM_ORGANISATION");
        }
        if (d.kind() == BlockingKind.DATA_PERIOD) {
            if (d.dataFrom() == null && d.dataTo() == null) {
                throw ApiException.badRequest("A DATA_PERIOD blocking needs dataFrom, dataTo or both");
            }
            if (d.dataFrom() != null && d.dataTo() != null && !d.dataTo().isAfter(d.dataFrom())) {
                throw ApiException.badRequest("dataTo must be after dataFrom");
            }
        } else if (d.dataFrom() != null || d.dataTo() != null) {
            throw ApiException.badRequest("dataFrom and dataTo apply only to DATA_PERIOD");
        }
        if (d.validFrom() != null && d.validTo() != null && !d.validTo().isAfter(d.validFrom())) {
            throw ApiException.badRequest("validTo must be after validFrom");
        }
    }

    public List<Blocking> list(String citizenCpr) {
        return repository.findByCitizenCprOrderByCreatedAtDesc(citizenCpr);
    }

    /** The audit trail of one of the citizen's registrations; someone else's is reported as not found. */
    public List<BlockingAudit> audit(String citizenCpr, long id) {
        find(citizenCpr, id);
        return audits.findByBlockingIdOrderByIdAsc(id);
    }

    private Blocking find(String citizenCpr, long id) {
        return repository.findByIdAndCitizenCpr(id, citizenCpr).orElseThrow(() -> ApiException.notFound("No blocking " + id));
    }

    /** Ends a registration now (it stays in the list as ended); ending an ended one changes nothing. */
    public Blocking end(String citizenCpr, long id, Registrar by) {
        Blocking blocking = find(citizenCpr, id);
        Instant now = clock.instant();
        if (blocking.validTo() != null && !blocking.validTo().isAfter(now)) {
            return blocking;
        }
        Instant end = blocking.validFrom() != null && blocking.validFrom().isAfter(now) ? blocking.validFrom() : now;
        Blocking ended = transactions.executeWrite(status -> {
            Blocking b = repository.update(blocking.endedAt(end, by.actor(), now));
            audits.save(new BlockingAudit(null, b.id(), citizenCpr, ENDED, by.channel(), by.actor(), by.actorName(),
                    by.note(), now));
            channel.publish(status.getConnection(), ChangeTopic.BLOCKING, b.id());
            return b;
        });
        index.apply(List.of(ended));
        return ended;
    }
}
