package dk.opennsp.services.dev;

import dk.opennsp.security.jwt.TrustedIssuer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** In dev mode the local dev issuer is trusted beside the configured ones. */
@Factory
@Requires(property = "opennsp.dev-mode", value = "true")
class DevIssuerFactory {
    @Singleton
    TrustedIssuer devIssuer(DevTokenIssuer issuer) {
        return issuer.trustedIssuer();
    }
}
