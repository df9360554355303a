package dk.opennsp.security

import com.nimbusds.jose.jwk.JWKSet
import com.nimbusds.jose.jwk.source.ImmutableJWKSet
import dk.opennsp.security.jwt.InvalidTokenException
import dk.opennsp.security.jwt.JwtValidator
import dk.opennsp.security.jwt.TrustedIssuer
import spock.lang.Specification

import java.time.Duration

import static dk.opennsp.support.TestKeys.*

/** The verified-token cache must never make a token acceptable that verification would refuse. */
class JwtValidatorCacheSpec extends Specification {
    JwtValidator validator = new JwtValidator([], [new TrustedIssuer(ISSUER, AUDIENCE, new ImmutableJWKSet(new JWKSet(RSA.toPublicJWK())))],
            Duration.ZERO, 100)

    static long now() {
        System.currentTimeMillis().intdiv(1000) as long
    }

    def "a cached token is honoured only until it expires"() {
        given:
        String token = token(professional(), [exp: now() + 2])

        expect:
        validator.validate(token).subject == 'test-subject'

        when:
        Thread.sleep(2500)
        validator.validate(token)

        then:
        InvalidTokenException e = thrown()
        e.message == 'token expired'
    }

    def "once a token is cached, #variant is still refused"() {
        given:
        String accepted = token(professional())
        validator.validate(accepted)

        when:
        validator.validate(change(accepted))

        then:
        thrown(InvalidTokenException)

        where:
        variant                               | change
        'its signature with one char changed' | { String t -> t.substring(0, t.length() - 2) + (t[-2] == 'A' ? 'B' : 'A') + t[-1] }
        'its payload swapped, signature kept' | { String t -> def p = t.split('\\.'); p[0] + '.' + dk.opennsp.support.TestKeys.token(citizen('0101010101')).split('\\.')[1] + '.' + p[2] }
        'its signature removed'               | { String t -> t.substring(0, t.lastIndexOf('.') + 1) }
        'a trailing character'                | { String t -> t + 'A' }
    }
}
