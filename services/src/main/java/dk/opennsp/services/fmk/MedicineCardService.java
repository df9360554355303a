package dk.opennsp.services.fmk;

import dk.opennsp.security.Caller;
import dk.opennsp.security.Caller.UserType;
import dk.opennsp.security.DataKind;
import dk.opennsp.security.access.AccessGuard;
import dk.opennsp.security.access.AccessRequest;
import dk.opennsp.security.access.ConsentOverride;
import dk.opennsp.security.access.DataOrigin;
import dk.opennsp.security.access.GuardedResult;
import dk.opennsp.security.error.ApiException;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The medicine card (FMK) domain service: one lookup and one producer write, shared by every adapter
 * (FHIR today, SOAP GetMedicineCard later). Reads go through the AccessGuard.
 */
@Singleton
public class MedicineCardService {
    private final MedicationRepository repository;
    private final AccessGuard guard;
    private final Clock clock;

    public MedicineCardService(MedicationRepository repository, AccessGuard guard, Clock clock) {
        this.repository = repository;
        this.guard = guard;
        this.clock = clock;
    }

    public GuardedResult<MedicationRecord> lookup(Caller caller, String citizenCpr, ConsentOverride override) {
        return guard.read(new AccessRequest(caller, citizenCpr, DataKind.MEDICINE_CARD, override),
                () -> repository.findCard(citizenCpr),
                MedicineCardService::origin);
    }

    static DataOrigin origin(MedicationRecord record) {
        return new DataOrigin("sor".equals(record.sourceOrgIdType()) ? record.sourceOrgId() : null, record.createdAt());
    }

    public record Upsert(MedicationRecord record, boolean created) {
    }

    /**
     * Conditional update by business identifier: create when unknown, update when changed, and a
     * retry of the same content changes nothing. Two racing creates meet the unique constraint; the
     * loser becomes an update.
     */
    public Upsert upsert(Caller caller, String system, String value, MedicationRecord.Content content) {
        if (!(caller.is(UserType.SYSTEM) || caller.is(UserType.PROFESSIONAL)) || caller.organisation() == null) {
            throw ApiException.forbidden("Only systems and professionals of an organisation may write medicine cards");
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<MedicationRecord> existing = repository.findByIdentifierSystemAndIdentifierValue(system, value);
            if (existing.isPresent()) {
                return new Upsert(update(existing.get(), caller, content), false);
            }
            try {
                return new Upsert(create(caller, system, value, content), true);
            } catch (DataAccessException raceLost) {
                // another request created the same identifier in the meantime: treat ours as an update
            }
        }
        throw ApiException.conflict("Concurrent writes to " + system + "|" + value + "; retry");
    }

    private MedicationRecord create(Caller caller, String system, String value, MedicationRecord.Content c) {
        Instant now = clock.instant();
        Caller.CallerOrganisation org = caller.organisation();
        return repository.save(new MedicationRecord(null, UUID.randomUUID().toString(), system, value,
                c.patientCpr(), c.status(), c.atcCode(), c.drugName(), c.dosageText(), c.effectiveStart(),
                c.effectiveEnd(), org.id(), org.idType(), org.name(), now, now, 1));
    }

    private MedicationRecord update(MedicationRecord current, Caller caller, MedicationRecord.Content c) {
        if (!current.patientCpr().equals(c.patientCpr())) {
            throw ApiException.unprocessable("The identifier already belongs to another patient's medication");
        }
        if (current.content().equals(c)) {
            return current;
        }
        Caller.CallerOrganisation org = caller.organisation();
        return repository.update(new MedicationRecord(current.id(), current.resourceId(), current.identifierSystem(),
                current.identifierValue(), c.patientCpr(), c.status(), c.atcCode(), c.drugName(), c.dosageText(),
                c.effectiveStart(), c.effectiveEnd(), org.id(), org.idType(), org.name(),
                current.createdAt(), clock.instant(), current.version() + 1));
    }
}
