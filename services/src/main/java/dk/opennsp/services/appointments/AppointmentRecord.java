package dk.opennsp.services.appointments;

import dk.opennsp.security.access.DataOrigin;
import dk.opennsp.services.patient.PatientRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * One appointment of a citizen's: when, status, type (SNOMED CT), the performing unit and the
 * location (SOR), and the author organisation (the producer that wrote it).
 */
@MappedEntity("appointment")
public record AppointmentRecord(
        @Id @GeneratedValue @Nullable Long id,
        String resourceId,
        String identifierSystem,
        String identifierValue,
        String patientCpr,
        String status,
        Instant startAt,
        @Nullable Instant endAt,
        String typeCode,
        @Nullable String typeDisplay,
        @Nullable String description,
        @Nullable String performerSor,
        @Nullable String locationSor,
        @Nullable Instant dataCreatedAt,
        String sourceOrgId,
        String sourceOrgIdType,
        @Nullable String sourceOrgName,
        Instant createdAt,
        Instant updatedAt,
        int version) implements PatientRecord<AppointmentRecord.Content> {

    public record Content(String patientCpr, String status, Instant startAt, Instant endAt, String typeCode,
                          String typeDisplay, String description, String performerSor, String locationSor,
                          Instant dataCreatedAt) implements PatientRecord.Content {
    }

    @Override
    public Content content() {
        return new Content(patientCpr, status, startAt, endAt, typeCode, typeDisplay, description, performerSor,
                locationSor, dataCreatedAt);
    }

    @Override
    public DataOrigin origin() {
        return PatientRecord.origin(sourceOrgIdType, sourceOrgId, dataCreatedAt != null ? dataCreatedAt : createdAt);
    }
}
