package dk.opennsp.it

import com.nimbusds.jose.JOSEObjectType
import com.nimbusds.jose.JWSAlgorithm
import com.nimbusds.jose.JWSHeader
import com.nimbusds.jose.crypto.RSASSASigner
import com.nimbusds.jose.jwk.RSAKey
import com.nimbusds.jwt.JWTClaimsSet
import com.nimbusds.jwt.SignedJWT
import dk.opennsp.security.jwt.InvalidTokenException
import dk.opennsp.security.jwt.JwtValidator
import dk.opennsp.services.sts.StsKeys
import dk.opennsp.services.sts.StsSettings
import dk.opennsp.services.sts.TokenExchange
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import dk.opennsp.support.TestSts

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import java.time.temporal.ChronoUnit

import static dk.opennsp.support.TestKeys.*
import static dk.opennsp.support.TestSts.*

/** The STS bridge (RFC 8693): ID card ↔ JWT, both ways usable on the platform, every bad input refused. */
class StsSpec extends AppSpec {
    static final String AUDITOR = token([user_type: 'minlog_admin', given_name: 'Anna', family_name: 'Auditor', sub: 'auditor-anna'])

    static Http.Response exchange(Map<String, String> form) {
        String body = form.collect { k, v -> "${k}=${URLEncoder.encode(v, 'UTF-8')}" }.join('&')
        Http.send('POST', '/sts/token', null, body, ['Content-Type': 'application/x-www-form-urlencoded'])
    }

    static Http.Response cardForJwt(String card) {
        exchange([grant_type        : TokenExchange.GRANT_TYPE,
                  subject_token     : Base64.urlEncoder.withoutPadding().encodeToString(card.getBytes(StandardCharsets.UTF_8)),
                  subject_token_type: TokenExchange.SAML2])
    }

    static Http.Response jwtForCard(String jwt) {
        exchange([grant_type: TokenExchange.GRANT_TYPE, subject_token: jwt, subject_token_type: TokenExchange.JWT,
                  requested_token_type: TokenExchange.SAML2])
    }

    static List<Map> stored(String cpr) {
        Http.get("/api/minlog/audit?cpr=${cpr}", AUDITOR).json.entries ?: []
    }

    def 'an ID card exchanged for a JWT reads the FHIR medicine card, leaving the same MinLog entry as the SOAP lookup'() {
        given:
        String cpr = newCpr()
        assert putMedication(cpr, "sts-${cpr}").status in [200, 201]
        String card = card()
        Map<String, String> noUnit = hsuid(cpr).findAll { !it.key.startsWith('nsi:OrgUsingID') }

        when:
        def issued = cardForJwt(card)
        def viaJwt = Http.get(Http.cardPath(cpr), issued.json.access_token as String)
        def viaSoap = post(request(cpr, card, noUnit))
        List<Map> entries = stored(cpr)

        then:
        issued.status == 200
        issued.json.issued_token_type == TokenExchange.JWT
        issued.json.token_type == 'Bearer'
        issued.json.expires_in > 0 && issued.json.expires_in <= 300
        issued.header('Cache-Control') == 'no-store'
        viaJwt.matches.size() == 1
        parse(viaSoap).atcCodes == ['N02BE01']
        entries.size() == 2
        ['userId', 'userIdSource', 'userName', 'userRole', 'organisationId', 'organisationIdSource', 'organisationName',
         'systemName', 'activity', 'addition'].every { entries[0][it] == entries[1][it] }
    }

    def 'a JWT exchanged for an ID card reads /soap/fmk'() {
        given:
        String cpr = newCpr()
        assert putMedication(cpr, "sts-card-${cpr}").status in [200, 201]

        when:
        def issued = jwtForCard(token(professional()))
        String card = new String(Base64.urlDecoder.decode(issued.json.access_token as String), StandardCharsets.UTF_8)
        def read = post(request(cpr, card, hsuid(cpr)))

        then:
        issued.status == 200
        issued.json.issued_token_type == TokenExchange.SAML2
        issued.json.token_type == 'N_A'
        card.contains('<saml:AttributeValue>4</saml:AttributeValue>')
        parse(read).atcCodes == ['N02BE01']
    }

    def 'refused: #input'() {
        when:
        def r = request()

        then:
        r.status == 400
        r.json.error == error
        r.json.error_description != null
        !r.text.contains('Exception')

        where:
        input                                   | error                    | request
        'a tampered ID card'                    | 'invalid_grant'          | { cardForJwt(card().replace('>T0001<', '>T0002<')) }
        'an expired ID card'                    | 'invalid_grant'          | { cardForJwt(TestSts.card(user(), Instant.now().minus(2, ChronoUnit.DAYS), Instant.now().minus(1, ChronoUnit.DAYS))) }
        'an ID card from an untrusted STS'      | 'invalid_grant'          | { cardForJwt(card([:], TestSts.UNTRUSTED)) }
        'an ID card whose signer is revoked'    | 'invalid_grant'          | { cardForJwt(card([:], REVOKED)) }
        'an ID card that is not base64url'      | 'invalid_request'        | { exchange([grant_type: TokenExchange.GRANT_TYPE, subject_token: '<saml:Assertion/>', subject_token_type: TokenExchange.SAML2]) }
        'an oversized subject token'            | 'invalid_request'        | { exchange([grant_type: TokenExchange.GRANT_TYPE, subject_token: 'A' * 70000, subject_token_type: TokenExchange.SAML2]) }
        'a tampered JWT'                        | 'invalid_grant'          | { jwtForCard(token(professional()).with { it.substring(0, it.length() - 4) + 'AAAA' }) }
        'an expired JWT'                        | 'invalid_grant'          | { jwtForCard(token(professional(), [exp: Instant.now().minusSeconds(3600).epochSecond])) }
        'a JWT from an unknown issuer'          | 'invalid_grant'          | { jwtForCard(token(professional(), [iss: 'https://rogue.example'])) }
        'a professional without a high login'   | 'invalid_grant'          | { jwtForCard(token(professional(assurance_level: 'substantial'))) }
        'a citizen asking for an ID card'       | 'invalid_request'        | { jwtForCard(token(citizen('0101801234'))) }
        'another grant type'                    | 'unsupported_grant_type' | { exchange([grant_type: 'client_credentials', subject_token: 'x', subject_token_type: TokenExchange.JWT]) }
        'no subject token'                      | 'invalid_request'        | { exchange([grant_type: TokenExchange.GRANT_TYPE, subject_token_type: TokenExchange.JWT]) }
        'an unknown subject token type'         | 'invalid_request'        | { exchange([grant_type: TokenExchange.GRANT_TYPE, subject_token: 'x', subject_token_type: 'urn:x']) }
        'a JWT asked to become a JWT'           | 'invalid_request'        | { exchange([grant_type: TokenExchange.GRANT_TYPE, subject_token: token(professional()), subject_token_type: TokenExchange.JWT, requested_token_type: TokenExchange.JWT]) }
    }

    def 'the keys are published without their private parts'() {
        when:
        def jwks = Http.get('/.well-known/jwks.json')

        then:
        jwks.status == 200
        jwks.json.keys.size() >= 1
        jwks.json.keys.every { it.kty == 'RSA' && it.kid && it.n && it.e && it.d == null && it.p == null }
    }

    def 'rotation is configuration: after a new signing key is configured, tokens of the previous key stay valid until they expire'() {
        given: 'key A signed before; key B is configured as the signing key, A as a previous key'
        Path dir = Files.createTempDirectory('sts-keys')
        RSAKey a = StsKeys.generate()
        RSAKey b = StsKeys.generate()
        RSAKey stranger = StsKeys.generate()
        Files.writeString(dir.resolve('a.json'), a.toJSONString())
        Files.writeString(dir.resolve('b.json'), b.toJSONString())
        StsKeys keys = new StsKeys(dir.resolve('b.json').toString(), [dir.resolve('a.json').toString()], false, '')
        StsSettings settings = TestApp.context().getBean(StsSettings)
        def issuer = new dk.opennsp.services.sts.StsIssuerFactory().stsIssuer(keys, settings)
        JwtValidator validator = new JwtValidator([], [issuer], Duration.ofSeconds(60), 100)

        expect:
        keys.signing().keyID == b.keyID
        keys.published().keys*.keyID == [b.keyID, a.keyID]
        validator.validate(sign(a, settings)).subject == 'rotated'
        validator.validate(sign(b, settings)).subject == 'rotated'

        when: 'a key that is not published'
        validator.validate(sign(stranger, settings))

        then:
        thrown(InvalidTokenException)
    }

    static String sign(RSAKey key, StsSettings settings) {
        Instant now = Instant.now()
        def claims = new JWTClaimsSet.Builder().issuer(settings.issuer()).audience(settings.audience()).subject('rotated')
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim('user_type', 'system').build()
        def jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.keyID).type(JOSEObjectType.JWT).build(), claims)
        jwt.sign(new RSASSASigner(key))
        jwt.serialize()
    }
}
