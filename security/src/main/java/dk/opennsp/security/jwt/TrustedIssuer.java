package dk.opennsp.security.jwt;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/** An issuer whose signed tokens we accept for the given audience. Dev mode contributes one as a bean. */
public record TrustedIssuer(String issuer, String audience, JWKSource<SecurityContext> keys) {
}
