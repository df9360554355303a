package dk.opennsp.minspaerring;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.error.ApiException;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Citizen self-service on blockings: the rules for what a valid blocking is live here. */
@Singleton
public class BlockingService {
    private final BlockingRepository repository;
    private final Clock clock;

    public BlockingService(BlockingRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public Blocking create(String citizenCpr, BlockingKind kind, String target, Instant validFrom, Instant validTo,
                           String createdBy) {
        if (kind == null) {
            throw ApiException.badRequest("kind is required: ALL, PROFESSIONAL, ORGANISATION or DATA_FROM_ORGANISATION");
        }
        switch (kind) {
            case ALL -> {
                if (target != null) {
                    throw ApiException.badRequest("A blocking of everyone takes no target");
                }
            }
            case PROFESSIONAL -> {
                if (!Identifiers.isAuthorizationCode(target) && !Identifiers.isCpr(target)) {
                    throw ApiException.badRequest("target must be an authorization code (5 letters/digits) or a CPR number");
                }
            }
            case ORGANISATION, DATA_FROM_ORGANISATION -> {
                if (!Identifiers.isSorCode(target)) {
                    throw ApiException.badRequest("target must be a SOR code");
                }
            }
        }
        if (validFrom != null && validTo != null && !validTo.isAfter(validFrom)) {
            throw ApiException.badRequest("validTo must be after validFrom");
        }
        return repository.save(new Blocking(null, citizenCpr, kind, target, validFrom, validTo, clock.instant(), createdBy));
    }

    public List<Blocking> list(String citizenCpr) {
        return repository.findByCitizenCprOrderByCreatedAtDesc(citizenCpr);
    }

    /** Ends a blocking now (kept for the record); a blocking of someone else is reported as not found. */
    public Blocking end(String citizenCpr, long id) {
        Blocking blocking = repository.findByIdAndCitizenCpr(id, citizenCpr)
                .orElseThrow(() -> ApiException.notFound("No blocking " + id));
        Instant now = clock.instant();
        if (blocking.validTo() != null && !blocking.validTo().isAfter(now)) {
            return blocking;
        }
        Instant end = blocking.validFrom() != null && blocking.validFrom().isAfter(now) ? blocking.validFrom() : now;
        return repository.update(blocking.endedAt(end));
    }
}
