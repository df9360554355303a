package dk.opennsp.services.fhir;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpHostResolver;
import jakarta.inject.Singleton;

/**
 * The FHIR base URL that links, fullUrls and Location headers start with. Configured
 * ({@code opennsp.fhir.base-url}) it is fixed; left empty, it is the address the client used: behind
 * a load balancer, {@code Forwarded} or {@code X-Forwarded-Host/-Proto/-Port}, else the Host header
 * (restrict with {@code micronaut.server.host-resolution.allowed-hosts}).
 */
@Singleton
public class FhirBase {
    private final String configured;
    private final HttpHostResolver hosts;

    public FhirBase(@Value("${opennsp.fhir.base-url:}") String configured, HttpHostResolver hosts) {
        this.configured = configured == null || configured.isBlank() ? null
                : configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
        this.hosts = hosts;
    }

    public String of(HttpRequest<?> request) {
        return configured != null ? configured : hosts.resolve(request) + "/fhir";
    }
}
