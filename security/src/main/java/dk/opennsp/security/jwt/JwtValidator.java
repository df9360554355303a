package dk.opennsp.security.jwt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.context.annotation.Context;

import java.io.File;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies bearer JWTs: a signed JWS from a configured issuer, RS256 or ES256 only, audience,
 * exp/nbf with a small clock skew. Claims are then mapped by {@link JwtCallerMapper}.
 */
@Context // a broken issuer configuration must stop start-up, not the first request
public class JwtValidator {
    static final Set<JWSAlgorithm> ALLOWED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** A token larger than this is hostile or broken; refuse before parsing. */
    static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new HashMap<>();
    /**
     * Verified tokens by their exact text (header, claims and signature: one changed character is another
     * key), so a client that sends the same token again costs no signature check. An entry is used only
     * until the token's exp (+ skew) and is dropped after five minutes whatever exp says, so a key removed
     * from an issuer's JWKS stops being honoured within that time.
     */
    private final Cache<String, JWTClaimsSet> verified;
    private final Duration clockSkew;

    public JwtValidator(List<JwtIssuerConfig> configured, List<TrustedIssuer> contributed,
                        @Value("${opennsp.security.jwt.max-clock-skew:60s}") Duration clockSkew,
                        @Value("${opennsp.security.jwt.cache-size:10000}") int cacheSize) {
        this.clockSkew = clockSkew;
        this.verified = Caffeine.newBuilder().maximumSize(Math.max(0, cacheSize))
                .expireAfterWrite(Duration.ofMinutes(5)).build();
        for (JwtIssuerConfig config : configured) {
            register(new TrustedIssuer(required(config, "issuer", config.getIssuer()),
                    required(config, "audience", config.getAudience()),
                    keySource(config)), clockSkew);
        }
        contributed.forEach(issuer -> register(issuer, clockSkew));
    }

    private void register(TrustedIssuer issuer, Duration clockSkew) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // typ may be absent, JWT or at+jwt (RFC 9068)
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                new HashSet<>(Arrays.asList(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null))));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED_ALGORITHMS, issuer.keys()));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                // Nimbus probes these sets with contains(null): immutable Set.of would throw
                new HashSet<>(Set.of(issuer.audience())),
                new JWTClaimsSet.Builder().issuer(issuer.issuer()).build(),
                new HashSet<>(Set.of("sub", "exp", "iat", "user_type")),
                null);
        claims.setMaxClockSkew((int) clockSkew.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        processors.put(issuer.issuer(), processor);
    }

    /** Returns the verified claims or throws {@link InvalidTokenException} with a reason fit for the client. */
    public JWTClaimsSet validate(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("empty bearer token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("token too large");
        }
        JWTClaimsSet cached = verified.getIfPresent(token);
        if (cached != null) {
            if (cached.getExpirationTime().toInstant().plus(clockSkew).isAfter(Instant.now())) {
                return cached;
            }
            verified.invalidate(token); // expired since it was verified: verify again, which says why it is refused
        }
        JWTClaimsSet claims = verify(token);
        verified.put(token, claims);
        return claims;
    }

    private JWTClaimsSet verify(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw new InvalidTokenException("token is not signed (alg none and encrypted tokens are refused)");
        }
        JWSAlgorithm alg = signed.getHeader().getAlgorithm();
        if (!ALLOWED_ALGORITHMS.contains(alg)) {
            throw new InvalidTokenException("algorithm " + alg + " is not allowed; use RS256 or ES256");
        }
        String issuer;
        try {
            issuer = signed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token claims");
        }
        DefaultJWTProcessor<SecurityContext> processor = issuer == null ? null : processors.get(issuer);
        if (processor == null) {
            throw new InvalidTokenException("untrusted issuer");
        }
        try {
            return processor.process(signed, null);
        } catch (BadJWTException e) {
            throw new InvalidTokenException(describe(e));
        } catch (BadJOSEException e) {
            throw new InvalidTokenException("signature not valid for a trusted key");
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new InvalidTokenException("token could not be verified");
        } catch (RuntimeException e) {
            // e.g. the issuer's JWKS URL is unreachable: the token cannot be verified, so it is not accepted
            throw new InvalidTokenException("token could not be verified");
        }
    }

    private static String describe(BadJWTException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("Expired")) {
            return "token expired";
        }
        if (message.contains("before use time")) {
            return "token not yet valid";
        }
        if (message.contains("audience")) {
            return "token audience not accepted";
        }
        if (message.contains("missing required claims")) {
            return "token is missing required claims: " + message.replaceAll(".*claims: ?", "");
        }
        return "token claims rejected: " + message;
    }

    private static JWKSource<SecurityContext> keySource(JwtIssuerConfig config) {
        String location = required(config, "jwks", config.getJwks());
        try {
            if (location.startsWith("http://") || location.startsWith("https://")) {
                return JWKSourceBuilder.create(URI.create(location).toURL()).retrying(true).build();
            }
            return new ImmutableJWKSet<>(JWKSet.load(new File(location)));
        } catch (Exception e) {
            throw new ConfigurationException("opennsp.security.jwt.issuers[" + config.getIndex()
                    + "].jwks: cannot load JWK set from " + location + ": " + e.getMessage());
        }
    }

    private static String required(JwtIssuerConfig config, String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("opennsp.security.jwt.issuers[" + config.getIndex() + "]." + key + " is required");
        }
        return value;
    }
}
