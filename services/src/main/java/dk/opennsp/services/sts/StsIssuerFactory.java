package dk.opennsp.services.sts;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dk.opennsp.security.jwt.TrustedIssuer;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The platform accepts its own STS's tokens, verified with every key it still publishes. */
@Factory
public class StsIssuerFactory {
    @Singleton
    public TrustedIssuer stsIssuer(StsKeys keys, StsSettings settings) {
        return new TrustedIssuer(settings.issuer(), settings.audience(), new ImmutableJWKSet<>(keys.published()));
    }
}
