package dk.opennsp.services.fmk;

import dk.opennsp.security.access.DataOrigin;
import dk.opennsp.services.patient.PatientRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** One ordination on a citizen's medicine card, identified by the sender's business identifier. */
@MappedEntity("medication_statement")
public record MedicationRecord(
        @Id @GeneratedValue @Nullable Long id,
        String resourceId,
        String identifierSystem,
        String identifierValue,
        String patientCpr,
        String status,
        String atcCode,
        String drugName,
        @Nullable String dosageText,
        @Nullable LocalDate effectiveStart,
        @Nullable LocalDate effectiveEnd,
        String sourceOrgId,
        String sourceOrgIdType,
        @Nullable String sourceOrgName,
        Instant createdAt,
        Instant updatedAt,
        int version) implements PatientRecord<MedicationRecord.Content> {

    /** The clinical content a sender controls; equal content means a retry, not a change. */
    public record Content(String patientCpr, String status, String atcCode, String drugName, String dosageText,
                          LocalDate effectiveStart, LocalDate effectiveEnd) implements PatientRecord.Content {
    }

    public Content content() {
        return new Content(patientCpr, status, atcCode, drugName, dosageText, effectiveStart, effectiveEnd);
    }

    /** An ordination's data date is its treatment start (FMK TreatmentStartDate); without one, when it was stored. */
    @Override
    public DataOrigin origin() {
        Instant created = effectiveStart == null ? createdAt : effectiveStart.atStartOfDay(ZoneOffset.UTC).toInstant();
        return PatientRecord.origin(sourceOrgIdType, sourceOrgId, created);
    }
}
