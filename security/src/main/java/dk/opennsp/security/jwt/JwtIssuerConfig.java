package dk.opennsp.security.jwt;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/** One entry of {@code opennsp.security.jwt.issuers}: a token issuer we trust, its audience and its keys. */
@EachProperty(value = "opennsp.security.jwt.issuers", list = true)
public class JwtIssuerConfig {
    private final int index;
    private String issuer;
    private String audience;
    private String jwks;

    public JwtIssuerConfig(@Parameter Integer index) {
        this.index = index;
    }

    public int getIndex() {
        return index;
    }

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public String getAudience() {
        return audience;
    }

    public void setAudience(String audience) {
        this.audience = audience;
    }

    /** A file path or an http(s) URL of a JWK Set. */
    public String getJwks() {
        return jwks;
    }

    public void setJwks(String jwks) {
        this.jwks = jwks;
    }
}
