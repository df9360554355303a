package dk.opennsp.services.citizen;

import dk.opennsp.minlog.MinLogQuery;
import dk.opennsp.security.error.ApiException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Query parameters every MinLog view shares: date range, system, organisation, paging. */
public final class MinLogFilters {
    private MinLogFilters() {
    }

    public static MinLogQuery.Filter filter(String from, String to, String system, String organisation) {
        Instant start = instant("from", from, false);
        Instant end = instant("to", to, true);
        if (start != null && end != null && !end.isAfter(start)) {
            throw ApiException.badRequest("to must be after from");
        }
        if (system != null && system.length() > 200 || organisation != null && organisation.length() > 200) {
            throw ApiException.badRequest("system and organisation are at most 200 characters");
        }
        return new MinLogQuery.Filter(start, end, blankToNull(system), blankToNull(organisation));
    }

    /** An instant, or a date meaning its start (from) or the start of the next day (to, so the day is included). */
    private static Instant instant(String name, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be a date (2026-01-31) or an instant (2026-01-31T10:00:00Z)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    public static int number(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max);
        }
    }
}
