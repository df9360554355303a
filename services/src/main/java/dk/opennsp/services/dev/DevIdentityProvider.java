package dk.opennsp.services.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dk.opennsp.services.web.CitizenLoginConfiguration;
import dk.opennsp.services.web.CitizenSessions;
import dk.opennsp.services.web.OidcLogin;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Dev mode only: an OpenID Connect provider standing in for MitID/NemLog-in, so the citizen pages log in
 * through the same authorization-code + PKCE flow a real broker uses. Its login page lists the demo citizens;
 * choosing one issues a one-time code, which the token endpoint exchanges (client secret and PKCE verifier
 * checked) for an RS256 ID token carrying the citizen's CPR. Keys, client secret and codes live in memory:
 * it serves one dev node, and a restart logs everyone out.
 */
@Hidden
@Controller("/dev/idp")
@Requires(property = "opennsp.dev-mode", value = "true")
public class DevIdentityProvider {
    private static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

    private final CitizenLoginConfiguration configuration;
    private final OidcLogin login;
    private final HttpHostResolver hosts;
    private final RSAKey key;
    private final String clientSecret;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    /** What a code stands for until it is exchanged. */
    private record Grant(DevIdentity identity, String redirectUri, CodeChallenge challenge, String nonce, Instant expires) {
    }

    public DevIdentityProvider(CitizenLoginConfiguration configuration, OidcLogin login, HttpHostResolver hosts) throws JOSEException {
        this.configuration = configuration;
        this.login = login;
        this.hosts = hosts;
        this.key = new RSAKeyGenerator(2048).keyID("dev-idp").generate();
        String configured = configuration.getClientSecret();
        this.clientSecret = configured != null && !configured.isBlank() ? configured : CitizenSessions.newSecret();
    }

    /** The secret the platform's own login client uses with this provider. */
    public String clientSecret() {
        return clientSecret;
    }

    @Get(value = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON)
    public String discovery() {
        String issuer = login.issuer();
        OIDCProviderMetadata metadata = new OIDCProviderMetadata(new Issuer(issuer), List.of(SubjectType.PUBLIC), URI.create(issuer + "/jwks"));
        metadata.setAuthorizationEndpointURI(URI.create(issuer + "/authorize"));
        metadata.setTokenEndpointURI(URI.create(issuer + "/token"));
        metadata.setResponseTypes(List.of(new ResponseType(ResponseType.Value.CODE)));
        metadata.setScopes(Scope.parse("openid"));
        metadata.setIDTokenJWSAlgs(List.of(JWSAlgorithm.RS256));
        metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        metadata.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE));
        metadata.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST));
        return metadata.toJSONObject().toJSONString();
    }

    @Get(value = "/jwks", produces = MediaType.APPLICATION_JSON)
    public String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    @Get(value = "/authorize", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> authorize(HttpRequest<?> request) {
        String query = request.getUri().getRawQuery();
        String problem = check(request, query);
        if (problem != null) {
            return page(HttpStatus.BAD_REQUEST, Map.of("problem", problem));
        }
        List<Map<String, String>> citizens = DevData.IDENTITIES.stream()
                .filter(i -> "citizen".equals(i.claims().get("user_type")))
                .map(i -> Map.of("id", i.id(), "label", i.claims().get("given_name") + " " + i.claims().get("family_name") + " (" + i.id() + ")",
                        "description", i.description()))
                .toList();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("citizens", citizens);
        model.put("request", query);
        return page(HttpStatus.OK, model);
    }

    @Post(value = "/authorize", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> approve(HttpRequest<?> request, @Nullable @Body Map<String, String> form) {
        String query = form == null ? null : form.get("request");
        String problem = check(request, query);
        DevIdentity identity = form == null ? null : DevData.IDENTITIES.stream()
                .filter(i -> i.id().equals(form.get("identity")) && "citizen".equals(i.claims().get("user_type"))).findFirst().orElse(null);
        if (problem != null || identity == null) {
            return page(HttpStatus.BAD_REQUEST, Map.of("problem", problem != null ? problem : "Vælg en af borgerne på listen"));
        }
        AuthenticationRequest auth = parse(query);
        AuthorizationCode code = new AuthorizationCode();
        codes.put(code.getValue(), new Grant(identity, auth.getRedirectionURI().toString(), auth.getCodeChallenge(),
                auth.getNonce() == null ? null : auth.getNonce().getValue(), Instant.now().plus(CODE_LIFETIME)));
        URI back = new AuthenticationSuccessResponse(auth.getRedirectionURI(), code, null, null, auth.getState(), null, null).toURI();
        return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(back));
    }

    @Post(value = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<String> token(HttpRequest<?> request, @Nullable @Body Map<String, String> form) {
        try {
            HTTPRequest http = new HTTPRequest(HTTPRequest.Method.POST, new URL(hosts.resolve(request) + request.getPath()));
            http.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
            http.setBody(form == null ? "" : form.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&")));
            String authorization = request.getHeaders().get("Authorization");
            if (authorization != null) {
                http.setAuthorization(authorization);
            }
            TokenRequest tokenRequest = TokenRequest.parse(http);
            if (!clientAuthenticated(tokenRequest.getClientAuthentication())) {
                return error(OAuth2Error.INVALID_CLIENT);
            }
            if (!(tokenRequest.getAuthorizationGrant() instanceof AuthorizationCodeGrant grant)) {
                return error(OAuth2Error.UNSUPPORTED_GRANT_TYPE);
            }
            Grant issued = codes.remove(grant.getAuthorizationCode().getValue()); // one use only
            if (issued == null || issued.expires().isBefore(Instant.now())
                    || grant.getRedirectionURI() == null || !issued.redirectUri().equals(grant.getRedirectionURI().toString())
                    || grant.getCodeVerifier() == null
                    || !CodeChallenge.compute(CodeChallengeMethod.S256, grant.getCodeVerifier()).equals(issued.challenge())) {
                return error(OAuth2Error.INVALID_GRANT);
            }
            SignedJWT idToken = idToken(issued);
            String body = new OIDCTokenResponse(new OIDCTokens(idToken, new BearerAccessToken(), null)).toJSONObject().toJSONString();
            return HttpResponse.ok(body).header("Cache-Control", "no-store");
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            return error(e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject());
        } catch (Exception e) {
            return error(OAuth2Error.SERVER_ERROR);
        }
    }

    private SignedJWT idToken(Grant grant) throws JOSEException {
        Map<String, Object> claims = grant.identity().claims();
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(login.issuer()).subject(grant.identity().id()).audience(configuration.getClientId())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .claim("auth_time", now.getEpochSecond())
                .claim(configuration.getCprClaim(), claims.get("cpr"))
                .claim("given_name", claims.get("given_name")).claim("family_name", claims.get("family_name"))
                .claim("name", claims.get("given_name") + " " + claims.get("family_name"))
                .claim("assurance_level", claims.get("assurance_level"));
        if (grant.nonce() != null) {
            b.claim("nonce", grant.nonce());
        }
        if (claims.get("on_behalf_of") != null) {
            b.claim("on_behalf_of", claims.get("on_behalf_of"));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), b.build());
        jwt.sign(new RSASSASigner(key));
        return jwt;
    }

    /** Why the authorization request cannot be served, or null: the client, its callback and PKCE must be right. */
    @Nullable
    private String check(HttpRequest<?> request, @Nullable String query) {
        AuthenticationRequest auth = parse(query);
        if (auth == null) {
            return "Login-anmodningen kunne ikke læses";
        }
        if (!auth.getClientID().getValue().equals(configuration.getClientId())) {
            return "Ukendt klient";
        }
        String expected = configuration.getRedirectUri() != null && !configuration.getRedirectUri().isBlank()
                ? configuration.getRedirectUri() : hosts.resolve(request) + "/login/callback";
        if (auth.getRedirectionURI() == null || !auth.getRedirectionURI().toString().equals(expected)) {
            return "Ukendt tilbage-adresse";
        }
        if (!auth.getResponseType().impliesCodeFlow() || auth.getCodeChallenge() == null
                || !CodeChallengeMethod.S256.equals(auth.getCodeChallengeMethod())) {
            return "Login kræver authorization code med PKCE (S256)";
        }
        return null;
    }

    @Nullable
    private static AuthenticationRequest parse(@Nullable String query) {
        if (query == null || query.isBlank()) {
            return null;
        }
        try {
            return AuthenticationRequest.parse(query);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            return null;
        }
    }

    private boolean clientAuthenticated(@Nullable ClientAuthentication auth) {
        Secret secret = auth instanceof ClientSecretBasic basic ? basic.getClientSecret()
                : auth instanceof ClientSecretPost post ? post.getClientSecret() : null;
        return secret != null && auth.getClientID().getValue().equals(configuration.getClientId())
                && secret.equals(new Secret(clientSecret));
    }

    private static HttpResponse<String> error(ErrorObject error) {
        ErrorObject e = Objects.requireNonNullElse(error, OAuth2Error.INVALID_REQUEST);
        int status = e.getHTTPStatusCode() > 0 ? e.getHTTPStatusCode() : 400;
        return HttpResponse.<String>status(HttpStatus.valueOf(status)).body(new TokenErrorResponse(e).toJSONObject().toJSONString())
                .header("Cache-Control", "no-store");
    }

    private static HttpResponse<?> page(HttpStatus status, Map<String, Object> model) {
        Map<String, Object> m = new LinkedHashMap<>(model);
        m.put("loggedIn", false);
        return HttpResponse.status(status).body(new ModelAndView<>("dev-idp", m));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
