package dk.opennsp.services.web;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * How citizens log in to their pages ({@code opennsp.citizen-login.*}): an OpenID Connect provider found by
 * its issuer's discovery document (a MitID broker such as NemLog-in in production), this platform's client
 * registration there, and the ID-token claim that holds the citizen's CPR number. In dev mode an empty
 * issuer means the platform's own dev identity provider at {@code /dev/idp}.
 */
@ConfigurationProperties("opennsp.citizen-login")
public class CitizenLoginConfiguration {
    private String issuer = "";
    private String clientId = "opennsp-citizen";
    private String clientSecret = "";
    private String scopes = "openid";
    private String cprClaim = "cpr";
    private String redirectUri = "";
    private Duration sessionTimeout = Duration.ofMinutes(30);

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getScopes() {
        return scopes;
    }

    public void setScopes(String scopes) {
        this.scopes = scopes;
    }

    public String getCprClaim() {
        return cprClaim;
    }

    public void setCprClaim(String cprClaim) {
        this.cprClaim = cprClaim;
    }

    /** Where the provider sends the browser back; empty: {@code /login/callback} at the address the browser called. */
    public String getRedirectUri() {
        return redirectUri;
    }

    public void setRedirectUri(String redirectUri) {
        this.redirectUri = redirectUri;
    }

    /** A session ends this long after the last page the citizen opened. */
    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }
}
