package dk.opennsp.security.http;

import dk.opennsp.security.Caller;
import dk.opennsp.security.admission.ClientRateLimits;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.ErrorResponses;
import dk.opennsp.security.jwt.InvalidTokenException;
import dk.opennsp.security.jwt.JwtCallerMapper;
import dk.opennsp.security.jwt.JwtValidator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * The JWT half of the security layer: every request under /fhir and /api must carry a valid bearer
 * token (except the public CapabilityStatement). The mapped Caller is put on the request.
 */
@ServerFilter({"/fhir/**", "/api/**"})
public class BearerAuthenticationFilter {
    /** What a FHIR client reads before it has a token: the CapabilityStatement and the extension definitions. */
    private static final String PUBLIC_METADATA = "/fhir/metadata";
    private static final String PUBLIC_DEFINITIONS = "/fhir/StructureDefinition/";

    private final JwtValidator validator;
    private final JwtCallerMapper mapper;
    private final ErrorResponses errors;
    private final ClientRateLimits rateLimits;

    public BearerAuthenticationFilter(JwtValidator validator, JwtCallerMapper mapper, ErrorResponses errors,
                                      ClientRateLimits rateLimits) {
        this.validator = validator;
        this.mapper = mapper;
        this.errors = errors;
        this.rateLimits = rateLimits;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (request.getPath().equals(PUBLIC_METADATA) || request.getPath().startsWith(PUBLIC_DEFINITIONS)) {
            return null;
        }
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return errors.of(request, ApiException.unauthorized("A bearer token is required", false));
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return errors.of(request, ApiException.unauthorized("Authorization must use the Bearer scheme", true));
        }
        try {
            Caller caller = mapper.map(validator.validate(header.substring(7).trim()));
            rateLimits.admit(caller);
            request.setAttribute(CallerContext.ATTRIBUTE, caller);
            return null;
        } catch (InvalidTokenException e) {
            return errors.of(request, ApiException.unauthorized(e.getMessage(), true));
        } catch (ApiException e) {
            return errors.of(request, e);
        }
    }
}
