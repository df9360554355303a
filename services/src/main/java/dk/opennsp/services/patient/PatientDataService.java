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
    private final AccessGuard guard;
    private final DataKind kind;
    protected final Clock clock;

    protected PatientDataService(AccessGuard guard, DataKind kind, Clock clock) {
        this.guard = guard;
        this.kind = kind;
        this.clock = clock;
    }

    /** Every item of the citizen's data of this kind, in the order they are shown. */
    protected abstract List<R> findForPatient(String cpr);

    protected abstract Optional<R> findByIdentifier(String system, String value);

    protected abstract R insert(String system, String value, C content, Caller.CallerOrganisation source, Instant now);

    protected abstract R change(R current, C content, Caller.CallerOrganisation source, Instant now);

    public DataKind kind() {
        return kind;
    }

    /** Blockings applied, access logged, fail closed: see {@link AccessGuard#read}. */
    public GuardedResult<R> lookup(Caller caller, String citizenCpr, ConsentOverride override) {
        return guard.read(new AccessRequest(caller, citizenCpr, kind, override), () -> findForPatient(citizenCpr),
                PatientRecord::origin);
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
            Optional<R> existing = findByIdentifier(system, value);
            if (existing.isPresent()) {
                R current = existing.get();
                if (!current.content().patientCpr().equals(content.patientCpr())) {
                    throw ApiException.unprocessable("The identifier already belongs to another patient's data");
                }
                if (current.content().equals(content)) {
                    return new Upsert<>(current, false);
                }
                return new Upsert<>(change(current, content, caller.organisation(), clock.instant()), false);
            }
            try {
                return new Upsert<>(insert(system, value, content, caller.organisation(), clock.instant()), true);
            } catch (DataAccessException raceLost) {
                // another request created the same identifier in the meantime: treat ours as an update
            }
        }
        throw ApiException.conflict("Concurrent writes to " + system + "|" + value + "; retry");
    }
}
