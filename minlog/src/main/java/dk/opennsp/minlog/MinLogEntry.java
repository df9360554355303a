package dk.opennsp.minlog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A stored MinLog2 LogDataEntry. */
@MappedEntity("minlog_entry")
public record MinLogEntry(
        @Id @GeneratedValue @Nullable Long id,
        String citizenCpr,
        String citizenIdSource,
        Instant occurredAt,
        String systemName,
        String activity,
        @Nullable String reason,
        String addition,
        String criticality,
        @Nullable String organisationId,
        @Nullable String organisationIdSource,
        @Nullable String organisationName,
        @Nullable String userId,
        @Nullable String userIdSource,
        @Nullable String userName,
        @Nullable String userRole,
        @Nullable String onBehalfOfId,
        @Nullable String onBehalfOfIdSource,
        String correlationId,
        @Nullable Integer sequenceNumber) {
}
