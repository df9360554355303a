package dk.opennsp.services.patient;

import dk.opennsp.security.Caller;
import dk.opennsp.security.Caller.UserType;
import dk.opennsp.security.DataKind;
import dk.opennsp.security.access.AccessGuard;
import dk.opennsp.security.access.AccessRequest;
import dk.opennsp.security.access.ConsentOverride;
import dk.opennsp.security.access.GuardedResult;
import dk.opennsp.security.error.ApiException;
import io.micronaut.data.exceptions.DataAccessException;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one shape of every kind of citizen data (medicine card, appointments, diagnosis card): a
 * lookup through the access guard, and an idempotent producer write by business identifier. A kind
 * supplies only its storage.
 */
public abstract class PatientDataService<R extends PatientRecord<C>, C extends PatientRecord.Content> {
    private final PatientDataRepository<R> repository;
    private final AccessGuard guard;
    private final DataKind kind;
    protected final Clock clock;

    protected PatientDataService(PatientDataRepository<R> repository, AccessGuard guard, DataKind kind, Clock clock) {
        this.repository = repository;
        this.guard = guard;
        this.kind = kind;
        this.clock = clock;
    }

    /** A new record (version 1, a fresh resource id) for the producer's content; the service stores it. */
    protected abstract R created(String system, String value, C content, Caller.CallerOrganisation source, Instant now);

    /** The current record with the producer's new content (next version, same resource id); the service stores it. */
    protected abstract R changed(R current, C content, Caller.CallerOrganisation source, Instant now);

    public DataKind kind() {
        return kind;
    }

    /** Blockings applied, access logged, fail closed: see {@link AccessGuard#read}. */
    public GuardedResult<R> lookup(Caller caller, String citizenCpr, ConsentOverride override) {
        // by every identifier the person has (a CPR number and linked eCPRs): their history stays together
        return guard.readPerson(new AccessRequest(caller, citizenCpr, kind, override),
                ids -> ids.stream().flatMap(id -> repository.findForPatient(id).stream()).toList(), PatientRecord::origin);
    }

    /**
     * One item (found by {@link #find}), through the guard exactly like a lookup of the citizen it belongs
     * to: blockings applied, the access logged. Empty items when the blockings withhold it.
     */
    public GuardedResult<R> read(Caller caller, R item, ConsentOverride override) {
        return guard.read(new AccessRequest(caller, item.content().patientCpr(), kind, override),
                () -> List.of(item), PatientRecord::origin);
    }

    /** The stored item by resource id, before any access check: not an access that shows data. */
    public Optional<R> find(String resourceId) {
        return repository.findByResourceId(resourceId);
    }

    public record Upsert<R>(R record, boolean created) {
    }

    /**
     * Conditional update by business identifier: create when unknown, update when changed, and a
     * retry of the same content changes nothing. Two racing creates meet the unique constraint; the
     * loser becomes an update.
     */
    public Upsert<R> upsert(Caller caller, String system, String value, C content) {
        if (!(caller.is(UserType.SYSTEM) || caller.is(UserType.PROFESSIONAL)) || caller.organisation() == null) {
            throw ApiException.forbidden("Only systems and professionals of an organisation may write citizen data");
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<R> existing = repository.findByIdentifierSystemAndIdentifierValue(system, value);
            if (existing.isPresent()) {
                R current = existing.get();
                if (!current.content().patientCpr().equals(content.patientCpr())) {
                    throw ApiException.unprocessable("The identifier already belongs to another patient's data");
                }
                if (current.content().equals(content)) {
                    return new Upsert<>(current, false);
                }
                return new Upsert<>(repository.update(changed(current, content, caller.organisation(), clock.instant())), false);
            }
            try {
                return new Upsert<>(repository.save(created(system, value, content, caller.organisation(), clock.instant())), true);
            } catch (DataAccessException raceLost) {
                // another request created the same identifier in the meantime: treat ours as an update
            }
        }
        throw ApiException.conflict("Concurrent writes to " + system + "|" + value + "; retry");
    }
}
