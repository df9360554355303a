package dk.opennsp.it

import dk.opennsp.security.dgws.DgwsConfig
import dk.opennsp.security.dgws.DgwsEnvelope
import dk.opennsp.security.dgws.DgwsException
import dk.opennsp.security.dgws.DgwsRevocation
import dk.opennsp.security.dgws.DgwsTrustAnchors
import dk.opennsp.security.dgws.FaultCode
import dk.opennsp.security.dgws.IdCardIssuer
import dk.opennsp.security.dgws.IdCardValidator
import dk.opennsp.security.dgws.SoapEnvelopeScanner
import dk.opennsp.support.AppSpec
import dk.opennsp.support.TestSts

import java.nio.file.Files
import java.nio.file.Path
import java.time.Clock
import java.time.Instant
import java.time.temporal.ChronoUnit

import static dk.opennsp.support.TestSts.*

/**
 * Revoked ID-card signers are refused: by the running platform with the test CA's CRL, and — for the
 * fail-closed cases — by a validator built with each CRL configuration.
 */
class DgwsRevocationSpec extends AppSpec {
    Path dir = Files.createTempDirectory('crl')

    static DgwsEnvelope.CardBytes cardOf(IdCardIssuer issuer) {
        SoapEnvelopeScanner.scan(request(newCpr(), card([:], issuer))).card()
    }

    IdCardValidator validator(List<String> crls, boolean required = true) {
        DgwsConfig config = new DgwsConfig()
        config.trustAnchors = [writeTrustAnchors(dir).toString()]
        config.crls = crls
        config.crlRequired = required
        DgwsTrustAnchors anchors = new DgwsTrustAnchors(config, [])
        revocation = new DgwsRevocation(config, anchors, Clock.systemUTC())
        new IdCardValidator(anchors, revocation, config, Clock.systemUTC())
    }

    DgwsRevocation revocation

    static String refusal(Closure work) {
        try {
            work()
            null
        } catch (DgwsException e) {
            assert e.code() == FaultCode.INVALID_CERTIFICATE
            e.message
        }
    }

    def 'the platform refuses a card whose signer its CA has revoked, and accepts one from the same CA that is not'() {
        when:
        def revoked = TestSts.post(request(newCpr(), card([:], REVOKED)))
        def good = TestSts.post(request(newCpr(), card()))

        then:
        parse(revoked).faultCode == 'invalid_certificate'
        parse(revoked).root.'soap:Body'.'soap:Fault'.faultstring.text().contains('revoked')
        good.status == 200
    }

    def 'fail closed: with the CRL past its nextUpdate, or never loaded, or forged, a signer is refused while CRLs are required'() {
        given:
        String stale = writeCrl(dir, 'stale.crl', Instant.now().minus(1, ChronoUnit.HOURS)).toString()
        String forged = writeCrl(dir, 'forged.crl', Instant.now().plus(1, ChronoUnit.DAYS), ROGUE_CA_KEYS).toString()
        String missing = dir.resolve('missing.crl').toString()

        expect:
        refusal { validator([stale]).validate(cardOf(TRUSTED)) }.contains('expired')
        refusal { validator([missing]).validate(cardOf(TRUSTED)) }.contains('not been loaded')
        refusal { validator([forged]).validate(cardOf(TRUSTED)) }.contains('not been loaded')

        and: 'when CRLs are configured as not required, an unknown status is accepted; a known revocation never is'
        refusal { validator([stale], false).validate(cardOf(TRUSTED)) } == null
        refusal { validator([missing], false).validate(cardOf(TRUSTED)) } == null
        refusal { validator([writeCrl(dir).toString()], false).validate(cardOf(REVOKED)) }.contains('revoked')
    }

    def 'a card validated before its signer was revoked is refused after the next CRL refresh, cache or not'() {
        given:
        Path crl = writeCrl(dir, 'ca.crl', Instant.now().plus(1, ChronoUnit.DAYS), CA_KEYS, [])
        IdCardValidator v = validator([crl.toString()])
        DgwsEnvelope.CardBytes card = cardOf(REVOKED)

        expect: 'not revoked yet: valid, and now cached'
        refusal { v.validate(card) } == null
        refusal { v.validate(card) } == null

        when: 'the CA publishes a CRL revoking it'
        writeCrl(dir, 'ca.crl')
        revocation.refresh()

        then:
        refusal { v.validate(card) }.contains('revoked')
    }
}
