package dk.opennsp.security.http;

import dk.opennsp.security.error.ApiException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Parsing values a client sent (query parameters, JSON fields) into types, with a 400 naming the field. */
public final class RequestValues {
    private static final Pattern RAW_PLUS_OFFSET = Pattern.compile("(T[0-9:.]+) ([0-9]{2}:[0-9]{2})$");
    private RequestValues() {
    }

    /**
     * An instant with a time zone (2026-01-01T00:00:00Z or +01:00); null or blank stays null. A positive
     * offset sent with a raw '+' in a query string (as HAPI's client sends it) arrives as a space: read it as '+'.
     */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = RAW_PLUS_OFFSET.matcher(value.trim()).replaceFirst("$1+$2");
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + " must be an instant with a time zone, e.g. 2026-01-01T00:00:00Z");
        }
    }

    private static final java.util.regex.Pattern ETAG = java.util.regex.Pattern.compile("^\\s*(?:W/)?\"(\\d{1,18})\"\\s*$");

    /** The version an If-Match header names ("3" or W/"3"), or null when there is none (the service answers 428). */
    public static Long ifMatchVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        java.util.regex.Matcher m = ETAG.matcher(ifMatch);
        if (!m.matches()) {
            throw dk.opennsp.security.error.ApiException.badRequest("If-Match must be the ETag of the version you read, e.g. W/\"3\"");
        }
        return Long.parseLong(m.group(1));
    }
}
