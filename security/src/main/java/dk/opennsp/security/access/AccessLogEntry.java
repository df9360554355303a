package dk.opennsp.security.access;

import java.time.Instant;
import java.util.List;

/**
 * One MinLog2 LogDataEntry, as the citizen will read it: written by the access guard for every
 * access that returned data, and by external systems through the bulk registration API.
 *
 * @param occurredTo    end of a period when the entry covers one (FromDateTime/ToDateTime), else null
 * @param registeredBy  who delivered the entry: "OpenNSP" for the platform's own lookups, else the registering system
 */
public record AccessLogEntry(
        String citizenCpr,
        String citizenIdSource,
        Instant occurredAt,
        Instant occurredTo,
        String systemName,
        String activity,
        String reason,
        String addition,
        String criticality,
        String organisationId,
        String organisationIdSource,
        String organisationName,
        String personName,
        String userId,
        String userIdSource,
        String userName,
        String userRole,
        String onBehalfOfId,
        String onBehalfOfIdSource,
        String onBehalfOfName,
        String onBehalfOfRole,
        List<String> filters,
        String correlationId,
        String sequenceNumber,
        String registeredBy) {

    public static final String ADDITION_NONE = "Ingen";
    public static final String ADDITION_OVERRIDE = "Værdispring";
    public static final String ADDITION_CONSENT = "Samtykke";
    public static final String CRITICALITY_NONE = "Ingen";
    public static final String REGISTERED_BY_PLATFORM = "OpenNSP";
}
