package dk.opennsp.security.http;

import dk.opennsp.security.error.ApiException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Parsing values a client sent (query parameters, JSON fields) into types, with a 400 naming the field. */
public final class RequestValues {
    private RequestValues() {
    }

    /** An instant with a time zone (2026-01-01T00:00:00Z or +01:00); null or blank stays null. */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + " must be an instant with a time zone, e.g. 2026-01-01T00:00:00Z");
        }
    }
}
