package dk.opennsp.services.fmk;

import dk.opennsp.security.Caller;
import dk.opennsp.security.DataKind;
import dk.opennsp.security.access.AccessGuard;
import dk.opennsp.services.patient.PatientDataService;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** The medicine card (FMK): read by FHIR MedicationStatement and SOAP GetMedicineCard alike. */
@Singleton
public class MedicineCardService extends PatientDataService<MedicationRecord, MedicationRecord.Content> {

    public MedicineCardService(MedicationRepository repository, AccessGuard guard, Clock clock) {
        super(repository, guard, DataKind.MEDICINE_CARD, clock);
    }

    @Override
    protected MedicationRecord created(String system, String value, MedicationRecord.Content c,
                                       Caller.CallerOrganisation org, Instant now) {
        return new MedicationRecord(null, UUID.randomUUID().toString(), system, value,
                c.patientCpr(), c.status(), c.atcCode(), c.drugName(), c.dosageText(), c.effectiveStart(),
                c.effectiveEnd(), org.id(), org.idType(), org.name(), now, now, 1);
    }

    @Override
    protected MedicationRecord changed(MedicationRecord current, MedicationRecord.Content c, Caller.CallerOrganisation org,
                                      Instant now) {
        return new MedicationRecord(current.id(), current.resourceId(), current.identifierSystem(),
                current.identifierValue(), c.patientCpr(), c.status(), c.atcCode(), c.drugName(), c.dosageText(),
                c.effectiveStart(), c.effectiveEnd(), org.id(), org.idType(), org.name(),
                current.createdAt(), now, current.version() + 1);
    }
}
