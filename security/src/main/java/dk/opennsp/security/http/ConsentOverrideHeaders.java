package dk.opennsp.security.http;

import dk.opennsp.security.access.ConsentOverride;
import dk.opennsp.security.error.ApiException;
import io.micronaut.http.HttpRequest;

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
        if (reason.length() > MAX_REASON) {
            throw ApiException.badRequest(REASON + " is longer than " + MAX_REASON + " characters");
        }
        return new ConsentOverride(parsed, reason.trim());
    }
}
