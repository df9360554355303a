package dk.opennsp.services.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dk.opennsp.security.jwt.TrustedIssuer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * Dev mode only: a local token issuer for the demo identities. Its RSA key is generated on first start
 * and kept under the data directory (never committed) so tokens survive a restart.
 */
@Singleton
@Requires(property = "opennsp.dev-mode", value = "true")
public class DevTokenIssuer {
    public static final Duration LIFETIME = Duration.ofHours(1);
    private final RSAKey key;

    public DevTokenIssuer(@Value("${opennsp.dev.key-file:data/dev-signing-key.json}") String keyFile) {
        this.key = loadOrCreate(Path.of(keyFile));
    }

    public TrustedIssuer trustedIssuer() {
        return new TrustedIssuer(DevData.ISSUER, DevData.AUDIENCE, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));
    }

    public String mint(DevIdentity identity) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(DevData.ISSUER).audience(DevData.AUDIENCE).subject(identity.id())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME))).jwtID(UUID.randomUUID().toString());
        for (Map.Entry<String, Object> claim : identity.claims().entrySet()) {
            claims.claim(claim.getKey(), claim.getValue());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("dev token signing failed", e);
        }
        return jwt.serialize();
    }

    private static RSAKey loadOrCreate(Path file) {
        return DevKeyFile.loadOrCreate(file, DevKeyFile.RSA_JWK,
                () -> new RSAKeyGenerator(2048).keyID("dev-" + UUID.randomUUID()).generate());
    }
}
