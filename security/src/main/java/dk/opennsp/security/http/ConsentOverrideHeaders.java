package dk.opennsp.security.http;

import dk.opennsp.security.access.ConsentOverride;
import dk.opennsp.security.error.ApiException;
import io.micronaut.http.HttpRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Værdispring on REST: {@code X-Consent-Override: consent|emergency} plus {@code X-Consent-Override-Reason}. */
public final class ConsentOverrideHeaders {
    public static final String OVERRIDE = "X-Consent-Override";
    public static final String REASON = "X-Consent-Override-Reason";
    private static final int MAX_REASON = 500;

    private ConsentOverrideHeaders() {
    }

    public static ConsentOverride parse(HttpRequest<?> request) {
        String kind = request.getHeaders().get(OVERRIDE);
        if (kind == null) {
            return null;
        }
        ConsentOverride.Kind parsed = switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "consent" -> ConsentOverride.Kind.CONSENT;
            case "emergency" -> ConsentOverride.Kind.EMERGENCY;
            default -> throw ApiException.badRequest(OVERRIDE + " must be consent or emergency");
        };
        String reason = request.getHeaders().get(REASON);
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest(REASON + " is required with " + OVERRIDE);
        }
        reason = decode(reason);
        if (reason.length() > MAX_REASON) {
            throw ApiException.badRequest(REASON + " is longer than " + MAX_REASON + " characters");
        }
        return new ConsentOverride(parsed, reason.trim());
    }

    /** Header values are ASCII, so a reason in Danish (æøå) arrives percent-encoded UTF-8. */
    private static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(REASON + " has a broken percent-encoding");
        }
    }
}
