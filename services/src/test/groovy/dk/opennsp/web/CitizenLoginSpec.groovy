package dk.opennsp.web

import com.nimbusds.jwt.SignedJWT
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet
import dk.opennsp.services.dev.DevData
import dk.opennsp.services.dev.DevIdentityProvider
import dk.opennsp.services.web.OidcLogin
import dk.opennsp.services.web.PageSessions
import dk.opennsp.support.AppSpec
import dk.opennsp.support.TestApp
import groovy.json.JsonSlurper

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/**
 * The login's security checks, each with the input it must refuse: the dev provider's authorization and
 * token endpoints (client, callback address, PKCE, one-time codes) and the platform's callback (state,
 * pending login) and claim mapping.
 */
class CitizenLoginSpec extends AppSpec {
    static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
    static final String CALLBACK = "${TestApp.url()}/login/callback"

    static HttpResponse<String> get(String path, Map<String, String> headers = [:]) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestApp.url() + path)).GET()
        headers.each { k, v -> b.header(k, v) }
        CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString())
    }

    static HttpResponse<String> post(String path, String form, Map<String, String> headers = [:]) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(TestApp.url() + path))
                .header('Content-Type', 'application/x-www-form-urlencoded').POST(HttpRequest.BodyPublishers.ofString(form))
        headers.each { k, v -> b.header(k, v) }
        CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString())
    }

    static String enc(String s) {
        URLEncoder.encode(s, 'UTF-8')
    }

    static String authorizeQuery(CodeVerifier verifier, String redirect = CALLBACK, String client = 'opennsp-citizen') {
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).value
        "response_type=code&scope=openid&client_id=${enc(client)}&redirect_uri=${enc(redirect)}&state=s1&nonce=n1" +
                "&code_challenge=${challenge}&code_challenge_method=S256"
    }

    /** Logs in at the dev provider as Nancy and returns the code it sends back. */
    static String code(CodeVerifier verifier) {
        HttpResponse<String> r = post('/dev/idp/authorize', "request=${enc(authorizeQuery(verifier))}&identity=citizen-nancy")
        assert r.statusCode() == 303
        String location = r.headers().firstValue('Location').get()
        assert location.startsWith(CALLBACK + '?')
        location.find(/code=([^&]+)/) { all, c -> c }
    }

    static HttpResponse<String> token(String code, CodeVerifier verifier, String secret = secret(), String redirect = CALLBACK) {
        post('/dev/idp/token', "grant_type=authorization_code&code=${enc(code)}&redirect_uri=${enc(redirect)}&code_verifier=${verifier.value}",
                [Authorization: 'Basic ' + Base64.encoder.encodeToString("opennsp-citizen:${secret}".getBytes('UTF-8'))])
    }

    static String secret() {
        TestApp.context().getBean(DevIdentityProvider).clientSecret()
    }

    static String error(HttpResponse<String> r) {
        new JsonSlurper().parseText(r.body()).error
    }

    def "the provider answers a right exchange once with a signed ID token naming the citizen by CPR"() {
        given:
        CodeVerifier verifier = new CodeVerifier()
        String code = code(verifier)

        when:
        HttpResponse<String> first = token(code, verifier)
        HttpResponse<String> again = token(code, verifier)

        then:
        first.statusCode() == 200
        SignedJWT idToken = SignedJWT.parse(new JsonSlurper().parseText(first.body()).id_token)
        idToken.header.algorithm.name == 'RS256'
        idToken.JWTClaimsSet.getStringClaim('cpr') == DevData.NANCY
        idToken.JWTClaimsSet.getStringClaim('nonce') == 'n1'
        idToken.JWTClaimsSet.audience == ['opennsp-citizen']

        and: 'a code is good for one exchange'
        again.statusCode() == 400
        error(again) == 'invalid_grant'
    }

    def "the token endpoint refuses a wrong PKCE verifier, a wrong client secret and another callback address"() {
        given:
        CodeVerifier verifier = new CodeVerifier()

        expect:
        error(token(code(verifier), new CodeVerifier())) == 'invalid_grant'
        token(code(verifier), verifier, 'guessed').statusCode() == 401
        error(token(code(verifier), verifier, 'guessed')) == 'invalid_client'
        error(token(code(verifier), verifier, secret(), 'https://evil.example/login/callback')) == 'invalid_grant'
        error(token('made-up-code', verifier)) == 'invalid_grant'
    }

    def "the provider sends no code to an unknown callback address or client, and insists on PKCE"() {
        when:
        HttpResponse<String> r = get("/dev/idp/authorize?${query}")

        then: 'an error page, never a redirect that could carry a code away'
        r.statusCode() == 400
        !r.headers().firstValue('Location').isPresent()
        r.body().contains(message)

        where:
        query                                                                                    | message
        authorizeQuery(new CodeVerifier(), 'https://evil.example/login/callback')                | 'Ukendt tilbage-adresse'
        authorizeQuery(new CodeVerifier(), CALLBACK, 'someone-else')                             | 'Ukendt klient'
        authorizeQuery(new CodeVerifier()).replaceAll('&code_challenge[^&]*', '')                | 'PKCE'
        'garbage'                                                                                 | 'kunne ikke læses'
    }

    def "the callback refuses a state that is not its own login's, and a browser without a pending login"() {
        given: 'a login started by this browser'
        HttpResponse<String> start = get('/login')
        String cookie = start.headers().firstValue('Set-Cookie').get().split(';')[0]

        when:
        HttpResponse<String> wrongState = get('/login/callback?code=x&state=not-mine', [Cookie: cookie])
        HttpResponse<String> noLogin = get('/login/callback?code=x&state=s1')

        then:
        wrongState.statusCode() == 400
        wrongState.body().contains('hører ikke til dette login')
        noLogin.statusCode() == 400
        noLogin.body().contains('Login er udløbet')

        and: 'after a refused callback the pending login is gone too'
        get('/login/callback?code=x&state=not-mine', [Cookie: cookie]).body().contains('Login er udløbet')
    }

    def "an ID token whose CPR claim is missing or malformed logs no one in"() {
        given:
        OidcLogin login = TestApp.context().getBean(OidcLogin)

        when:
        login.citizen(IDTokenClaimsSet.parse('{"iss":"x","sub":"s","aud":"a","exp":9999999999,"iat":1' + extra + '}'))

        then:
        OidcLogin.LoginFailed e = thrown()
        e.message.contains('CPR')

        where:
        extra << ['', ',"cpr":"12345"', ',"cpr":"01019011111"', ',"cpr":"abcdefghij"']
    }

    def "after login the browser goes back only to a path on this site"() {
        expect:
        PageSessions.safeReturnPath(given) == expected

        where:
        given                        | expected
        '/minlog?side=2'             | '/minlog?side=2'
        '//evil.example/x'           | '/'
        'https://evil.example/'      | '/'
        '/\\evil.example'            | '/'
        null                         | '/'
        '/' + 'a' * 300              | '/'
    }

    def "a completed login gets a new session id: the id the browser had before the login opens nothing"() {
        given: 'a login started by this browser, with the id it was given'
        HttpResponse<String> start = get('/login?return=/minspaerring')
        String before = start.headers().firstValue('Set-Cookie').get().split(';')[0]
        String query = URI.create(start.headers().firstValue('Location').get()).rawQuery

        when: 'the citizen picks Nancy at the provider and the browser comes back'
        HttpResponse<String> approved = post('/dev/idp/authorize', "request=${enc(query)}&identity=citizen-nancy")
        String callback = approved.headers().firstValue('Location').get()
        HttpResponse<String> back = get(callback.substring(TestApp.url().length()), [Cookie: before])
        String after = back.headers().firstValue('Set-Cookie').get().split(';')[0]

        then:
        back.statusCode() == 303
        back.headers().firstValue('Location').get() == '/minspaerring'
        after != before
        get('/minspaerring', [Cookie: after]).statusCode() == 200
        get('/minspaerring', [Cookie: before]).statusCode() == 303

        and: 'the callback cannot be replayed'
        get(callback.substring(TestApp.url().length()), [Cookie: before]).statusCode() == 400
    }
}
