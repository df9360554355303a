package dk.opennsp.services.fmk;

import dk.opennsp.security.Caller;
import dk.opennsp.security.DataKind;
import dk.opennsp.security.access.AccessGuard;
import dk.opennsp.services.patient.PatientDataService;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The medicine card (FMK): read by FHIR MedicationStatement and SOAP GetMedicineCard alike. */
@Singleton
public class MedicineCardService extends PatientDataService<MedicationRecord, MedicationRecord.Content> {
    private final MedicationRepository repository;

    public MedicineCardService(MedicationRepository repository, AccessGuard guard, Clock clock) {
        super(guard, DataKind.MEDICINE_CARD, clock);
        this.repository = repository;
    }

    @Override
    protected List<MedicationRecord> findForPatient(String cpr) {
        return repository.findCard(cpr);
    }

    @Override
    protected Optional<MedicationRecord> findByIdentifier(String system, String value) {
        return repository.findByIdentifierSystemAndIdentifierValue(system, value);
    }

    @Override
    protected MedicationRecord insert(String system, String value, MedicationRecord.Content c,
                                      Caller.CallerOrganisation org, Instant now) {
        return repository.save(new MedicationRecord(null, UUID.randomUUID().toString(), system, value,
                c.patientCpr(), c.status(), c.atcCode(), c.drugName(), c.dosageText(), c.effectiveStart(),
                c.effectiveEnd(), org.id(), org.idType(), org.name(), now, now, 1));
    }

    @Override
    protected MedicationRecord change(MedicationRecord current, MedicationRecord.Content c, Caller.CallerOrganisation org,
                                      Instant now) {
        return repository.update(new MedicationRecord(current.id(), current.resourceId(), current.identifierSystem(),
                current.identifierValue(), c.patientCpr(), c.status(), c.atcCode(), c.drugName(), c.dosageText(),
                c.effectiveStart(), c.effectiveEnd(), org.id(), org.idType(), org.name(),
                current.createdAt(), now, current.version() + 1));
    }
}
