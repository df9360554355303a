package dk.opennsp.minlog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A stored MinLog2 LogDataEntry: always the truth (masking happens when a citizen reads it). */
@MappedEntity("minlog_entry")
public record MinLogEntry(
        @Id @GeneratedValue @Nullable Long id,
        String citizenCpr,
        String citizenIdSource,
        Instant occurredAt,
        @Nullable Instant occurredTo,
        String systemName,
        String activity,
        @Nullable String reason,
        String addition,
        String criticality,
        @Nullable String organisationId,
        @Nullable String organisationIdSource,
        @Nullable String organisationName,
        @Nullable String personName,
        @Nullable String userId,
        @Nullable String userIdSource,
        @Nullable String userName,
        @Nullable String userRole,
        @Nullable String onBehalfOfId,
        @Nullable String onBehalfOfIdSource,
        @Nullable String onBehalfOfName,
        @Nullable String onBehalfOfRole,
        @Nullable String filters,
        String correlationId,
        @Nullable String sequenceNumber,
        String registeredBy) {
}
