package dk.opennsp.services.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Browser protections on every citizen page (and the dev login page): a Content-Security-Policy that allows
 * only this site's own stylesheet and forms posting back to it (no scripts at all, no framing), and pages
 * that are never cached, and whose addresses are never sent to other sites as a referrer.
 */
@ServerFilter({"/", "/minlog", "/minlog/**", "/minspaerring", "/minspaerring/**", "/login", "/login/**", "/logout", "/dev/idp/**"})
public class PageSecurityHeaders {
    static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    @ResponseFilter
    public void protect(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header("Content-Security-Policy", POLICY);
        response.header("X-Frame-Options", "DENY");
        response.header("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts, which cannot be checked
        response.header("Referrer-Policy", "same-origin");
        response.header("Cache-Control", "no-store");
    }
}
