package dk.opennsp.services.web;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dk.opennsp.security.Caller;
import dk.opennsp.security.jwt.InvalidTokenException;
import dk.opennsp.security.jwt.JwtCallerMapper;
import dk.opennsp.services.dev.DevIdentityProvider;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The relying-party side of the citizen login, with Nimbus's OAuth 2.0 / OpenID Connect SDK: the
 * authorization-code flow with PKCE (S256), state and nonce; the code is exchanged with the client's secret
 * and the ID token's signature (the provider's JWKS), issuer, audience, expiry and nonce are checked. The
 * verified claims become a citizen {@link Caller} through the same mapper as a bearer token's claims.
 */
@Singleton
public class OidcLogin {
    private static final Logger LOG = LoggerFactory.getLogger(OidcLogin.class);
    private static final int TIMEOUT_MS = 3000;

    private final CitizenLoginConfiguration configuration;
    private final JwtCallerMapper callers;
    private final Provider<EmbeddedServer> server;
    private final boolean devMode;
    /** Lazily: the dev identity provider itself asks this class for the issuer. */
    private final BeanProvider<DevIdentityProvider> devProvider;
    private volatile Provider_ provider;

    /** What discovery told us, and the validator built from it. */
    private record Provider_(OIDCProviderMetadata metadata, IDTokenValidator validator) {
    }

    /** The login could not be completed; the message is for the citizen's page. */
    public static class LoginFailed extends RuntimeException {
        private final boolean providerUnavailable;

        LoginFailed(String message, boolean providerUnavailable, Throwable cause) {
            super(message, cause);
            this.providerUnavailable = providerUnavailable;
        }

        public boolean providerUnavailable() {
            return providerUnavailable;
        }
    }

    public OidcLogin(CitizenLoginConfiguration configuration, JwtCallerMapper callers, Provider<EmbeddedServer> server,
                     @Value("${opennsp.dev-mode:false}") boolean devMode, BeanProvider<DevIdentityProvider> devProvider) {
        this.configuration = configuration;
        this.devProvider = devProvider;
        this.callers = callers;
        this.server = server;
        this.devMode = devMode;
    }

    /** The issuer: configured, or in dev mode the platform's own dev identity provider. */
    public String issuer() {
        String configured = configuration.getIssuer();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (!devMode) {
            throw new LoginFailed("Login er ikke sat op på denne server (opennsp.citizen-login.issuer mangler)", true, null);
        }
        return server.get().getURL().toString().replaceAll("/$", "") + "/dev/idp";
    }

    /** The configured secret; with the built-in dev provider and none configured, the one it generated. */
    private String clientSecret() {
        String configured = configuration.getClientSecret();
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return devProvider.isPresent() ? devProvider.get().clientSecret() : "";
    }

    private Provider_ provider() {
        Provider_ current = provider;
        if (current != null) {
            return current;
        }
        try {
            Issuer issuer = new Issuer(issuer());
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(issuer, TIMEOUT_MS, TIMEOUT_MS);
            IDTokenValidator validator = new IDTokenValidator(issuer, new ClientID(configuration.getClientId()), JWSAlgorithm.RS256,
                    metadata.getJWKSetURI().toURL(), new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS));
            current = new Provider_(metadata, validator);
            provider = current;
            return current;
        } catch (LoginFailed e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("The OpenID provider {} cannot be reached: {}", configuration.getIssuer(), e.toString());
            throw new LoginFailed("Login-tjenesten svarer ikke lige nu. Prøv igen om lidt.", true, e);
        }
    }

    /** A new login: where to send the browser, and what the callback must check. */
    public record Start(URI authorizationUri, CitizenSessions.PendingLogin pending) {
    }

    public Start start(URI redirectUri, String returnTo) {
        OIDCProviderMetadata metadata = provider().metadata();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest request = new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE),
                Scope.parse(configuration.getScopes()), new ClientID(configuration.getClientId()), redirectUri)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(state).nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        return new Start(request.toURI(), new CitizenSessions.PendingLogin(state.getValue(), nonce.getValue(), verifier.getValue(), returnTo));
    }

    /** Completes a login from the callback URI the provider sent the browser to. */
    public Caller complete(URI callback, URI redirectUri, CitizenSessions.PendingLogin pending) {
        Provider_ p = provider();
        AuthenticationResponse response;
        try {
            response = AuthenticationResponseParser.parse(callback);
        } catch (Exception e) {
            throw new LoginFailed("Svaret fra login-tjenesten kunne ikke læses. Prøv at logge ind igen.", false, e);
        }
        if (response.getState() == null || !CitizenSessions.same(response.getState().getValue(), pending.state())) {
            throw new LoginFailed("Login-svaret hører ikke til dette login. Prøv at logge ind igen.", false, null);
        }
        if (response instanceof AuthenticationErrorResponse error) {
            throw new LoginFailed("Login blev afbrudt (" + error.getErrorObject().getCode() + ").", false, null);
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        if (code == null) {
            throw new LoginFailed("Login-svaret manglede en kode. Prøv at logge ind igen.", false, null);
        }
        JWT idToken = exchange(p, code, redirectUri, new CodeVerifier(pending.codeVerifier()));
        IDTokenClaimsSet claims;
        try {
            claims = p.validator().validate(idToken, new Nonce(pending.nonce()));
        } catch (Exception e) {
            LOG.warn("An ID token was refused: {}", e.toString());
            throw new LoginFailed("Login-beviset kunne ikke godkendes. Prøv at logge ind igen.", false, e);
        }
        return citizen(claims);
    }

    private JWT exchange(Provider_ p, AuthorizationCode code, URI redirectUri, CodeVerifier verifier) {
        TokenResponse response;
        try {
            HTTPRequest http = new TokenRequest(p.metadata().getTokenEndpointURI(),
                    new ClientSecretBasic(new ClientID(configuration.getClientId()), new Secret(clientSecret())),
                    new AuthorizationCodeGrant(code, redirectUri, verifier)).toHTTPRequest();
            http.setConnectTimeout(TIMEOUT_MS);
            http.setReadTimeout(TIMEOUT_MS);
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (Exception e) {
            LOG.warn("The OpenID provider's token endpoint cannot be reached: {}", e.toString());
            throw new LoginFailed("Login-tjenesten svarer ikke lige nu. Prøv igen om lidt.", true, e);
        }
        if (!response.indicatesSuccess()) {
            LOG.warn("The OpenID provider refused the code: {}", response.toErrorResponse().getErrorObject());
            throw new LoginFailed("Login-tjenesten afviste login. Prøv at logge ind igen.", false, null);
        }
        return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken();
    }

    /**
     * The verified ID token as a citizen: the configured claim holds the CPR number; names, assurance and an
     * on-behalf-of relation (custody, procuration) are read as the JWT claim profile names them, so the one
     * mapper (and its validation) applies.
     */
    Caller citizen(IDTokenClaimsSet claims) {
        try {
            Map<String, Object> profile = new LinkedHashMap<>();
            profile.put("user_type", "citizen");
            profile.put("sub", claims.getSubject().getValue());
            Object cpr = claims.getClaim(configuration.getCprClaim());
            profile.put("cpr", cpr == null ? null : cpr.toString());
            for (String name : new String[]{"given_name", "family_name", "assurance_level", "on_behalf_of"}) {
                if (claims.getClaim(name) != null) {
                    profile.put(name, claims.getClaim(name));
                }
            }
            return callers.map(JWTClaimsSet.parse(profile));
        } catch (InvalidTokenException | java.text.ParseException e) {
            LOG.warn("An ID token's claims were refused: {}", e.getMessage());
            throw new LoginFailed("Login-beviset indeholder ikke et gyldigt CPR-nummer.", false, e);
        }
    }
}
