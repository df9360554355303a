package dk.opennsp.security.access;

import java.time.Instant;

/** One MinLog2 LogDataEntry, as the citizen will read it. */
public record AccessLogEntry(
        String citizenCpr,
        String citizenIdSource,
        Instant occurredAt,
        String systemName,
        String activity,
        String reason,
        String addition,
        String criticality,
        String organisationId,
        String organisationIdSource,
        String organisationName,
        String userId,
        String userIdSource,
        String userName,
        String userRole,
        String onBehalfOfId,
        String onBehalfOfIdSource,
        String correlationId,
        Integer sequenceNumber) {

    public static final String ADDITION_NONE = "Ingen";
    public static final String ADDITION_OVERRIDE = "Værdispring";
    public static final String ADDITION_CONSENT = "Samtykke";
}
