package dk.opennsp.security.http;

import dk.opennsp.security.Caller;
import dk.opennsp.security.access.ConsentOverride;
import dk.opennsp.security.error.ApiException;
import io.micronaut.http.HttpRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Værdispring on REST, translated: {@code X-Consent-Override: consent|emergency} plus
 * {@code X-Consent-Override-Reason}; the rule is {@link ConsentOverride#requested}.
 */
public final class ConsentOverrideHeaders {
    public static final String OVERRIDE = "X-Consent-Override";
    public static final String REASON = "X-Consent-Override-Reason";

    private ConsentOverrideHeaders() {
    }

    public static ConsentOverride parse(HttpRequest<?> request, Caller caller) {
        String kind = request.getHeaders().get(OVERRIDE);
        String reason = request.getHeaders().get(REASON);
        return ConsentOverride.requested(caller, kind != null, kind, reason == null ? null : decode(reason));
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
