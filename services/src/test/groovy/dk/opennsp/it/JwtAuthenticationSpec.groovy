package dk.opennsp.it

import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import spock.lang.Unroll

import java.time.Instant

import static dk.opennsp.support.TestKeys.*

class JwtAuthenticationSpec extends AppSpec {

    static long now() { Instant.now().epochSecond }

    def "valid RS256 and ES256 tokens from the trusted issuer are accepted"() {
        given:
        String cpr = newCpr()

        expect:
        Http.get(Http.cardPath(cpr), token(professional(), [alg: alg])).status == 200

        where:
        alg << ['RS256', 'ES256']
    }

    @Unroll
    def "#attack is refused with 401 invalid_token and an OperationOutcome"() {
        when:
        Http.Response r = Http.get(Http.cardPath('0101010101'), bearer)

        then:
        r.status == 401
        r.header('WWW-Authenticate').startsWith('Bearer')
        r.header('WWW-Authenticate').contains('error="invalid_token"')
        r.header('Content-Type').startsWith('application/fhir+json')
        r.json.resourceType == 'OperationOutcome'
        r.json.issue[0].code == 'login'
        r.json.issue[0].diagnostics.contains(reason)
        !r.text.contains('Exception')

        where:
        attack                                  | bearer                                                                  | reason
        'a token signed by an untrusted key'    | token(professional(), [key: UNTRUSTED])                                 | 'signature'
        'alg none'                              | unsigned(professional())                                                | 'not signed'
        'HS256 keyed with the public key'       | token(professional(), [alg: 'HS256'])                                   | 'HS256 is not allowed'
        'an expired token'                      | token(professional(), [exp: now() - 3600, iat: now() - 7200])           | 'expired'
        'a not-yet-valid token'                 | token(professional(), [nbf: now() + 3600])                              | 'not yet valid'
        'a wrong audience'                      | token(professional(), [aud: 'someone-else'])                            | 'audience'
        'an unknown issuer'                     | token(professional(), [iss: 'https://evil.example'])                    | 'untrusted issuer'
        'a token without exp'                   | token(professional(), [exp: null])                                      | 'exp'
        'a token without user_type'             | token(professional(user_type: null))                                    | 'user_type'
        'a citizen token without cpr'           | token(citizen(null))                                                    | 'cpr'
        'a professional token without org'      | token(professional(org_id: null))                                       | 'org_id'
        'a system token without it_system'      | token(system(it_system: null))                                          | 'it_system'
        'an unknown user_type'                  | token(professional(user_type: 'admin'))                                 | 'user_type'
        'a malformed cpr claim'                 | token(citizen('12345'))                                                 | 'cpr'
        'garbage'                               | 'not.a.jwt'                                                             | 'malformed'
        'a tampered payload'                    | tamper(token(citizen('0101010101')))                                    | 'signature'
    }

    def "an oversized token is refused before it is parsed"() {
        when:
        Http.Response r = Http.get(Http.cardPath('0101010101'), 'x' * 20000)

        then:
        r.status == 413
        r.json.resourceType == 'OperationOutcome'
    }

    def "a missing token gets 401 with a Bearer challenge"() {
        when:
        Http.Response r = Http.get(Http.cardPath('0101010101'))

        then:
        r.status == 401
        r.header('WWW-Authenticate').startsWith('Bearer')
        r.json.resourceType == 'OperationOutcome'
    }

    def "a non-Bearer Authorization scheme is refused"() {
        when:
        Http.Response r = Http.get(Http.cardPath('0101010101'), null, [Authorization: 'Basic dXNlcjpwYXNz'])

        then:
        r.status == 401
        r.header('WWW-Authenticate').contains('invalid_token')
    }

    def "the CapabilityStatement is public"() {
        expect:
        Http.get('/fhir/metadata').json.resourceType == 'CapabilityStatement'
    }

    /** Swap the payload for another citizen's while keeping the original signature. */
    static String tamper(String jwt) {
        String[] parts = jwt.split('\\.')
        String payload = new String(Base64.urlDecoder.decode(parts[1]), 'UTF-8').replace('0101010101', '0202020202')
        parts[0] + '.' + Base64.urlEncoder.withoutPadding().encodeToString(payload.getBytes('UTF-8')) + '.' + parts[2]
    }
}
