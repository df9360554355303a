package dk.opennsp.services.diagnoses;

import dk.opennsp.security.access.DataOrigin;
import dk.opennsp.services.patient.PatientRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One diagnosis on a citizen's diagnosis card (MedCom ConditionList): an ICPC-2 or SKS-D code,
 * category, clinical status, onset and abatement, and the organisation that recorded it.
 */
@MappedEntity("diagnosis")
public record DiagnosisRecord(
        @Id @GeneratedValue @Nullable Long id,
        String resourceId,
        String identifierSystem,
        String identifierValue,
        String patientCpr,
        String codeSystem,
        String code,
        @Nullable String codeDisplay,
        String category,
        String clinicalStatus,
        @Nullable LocalDate onsetDate,
        @Nullable LocalDate abatementDate,
        @Nullable String note,
        @Nullable Instant dataCreatedAt,
        String sourceOrgId,
        String sourceOrgIdType,
        @Nullable String sourceOrgName,
        Instant createdAt,
        Instant updatedAt,
        int version) implements PatientRecord<DiagnosisRecord.Content> {

    public record Content(String patientCpr, String codeSystem, String code, String codeDisplay, String category,
                          String clinicalStatus, LocalDate onsetDate, LocalDate abatementDate, String note,
                          Instant dataCreatedAt) implements PatientRecord.Content {
    }

    @Override
    public Content content() {
        return new Content(patientCpr, codeSystem, code, codeDisplay, category, clinicalStatus, onsetDate, abatementDate,
                note, dataCreatedAt);
    }

    /** A diagnosis's data date is when it was recorded (Condition.recordedDate); without one, when it was stored. */
    @Override
    public DataOrigin origin() {
        return PatientRecord.origin(sourceOrgIdType, sourceOrgId, dataCreatedAt != null ? dataCreatedAt : createdAt);
    }
}
