package dk.opennsp.it

import dk.opennsp.security.dgws.DgwsRequestWriter
import dk.opennsp.services.dev.DevData
import dk.opennsp.sor.SorCode
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestSts

import static dk.opennsp.it.SorSoapSpec.body
import static dk.opennsp.it.SorSoapSpec.create
import static dk.opennsp.it.SorSoapSpec.faultCode
import static dk.opennsp.it.SorSoapSpec.systemCard
import static dk.opennsp.it.SorSoapSpec.update
import static dk.opennsp.support.TestKeys.professional
import static dk.opennsp.support.TestKeys.token

/**
 * DGWS retransmission: a state-changing message sent again with the same medcom:MessageID is answered
 * with the first response and changes nothing; the same MessageID for a different request is refused.
 */
class DgwsRetransmissionSpec extends AppSpec {
    static final String READER = token(professional())
    /** Region Hovedstaden's CVR in the demo SOR: its systems maintain the region's units. */
    static final String HOVEDSTADEN_CVR = SorSoapSpec.HOVEDSTADEN_CVR

    /** The same message every time: one MessageID, one card, one body. */
    static String message(String messageId, String card, String payload) {
        DgwsRequestWriter.envelope(card, 3, [:], payload).replaceFirst('<medcom:MessageID>[^<]*</medcom:MessageID>',
                "<medcom:MessageID>${messageId}</medcom:MessageID>")
    }

    static Http.Response send(String xml, String path = '/soap/sorus') {
        Http.send('POST', path, null, xml, ['Content-Type': 'text/xml; charset=utf-8'])
    }

    static String newUnit(String card) {
        String code = SorCode.danish(SorSpec.ITEMS.incrementAndGet())
        assert send(message(UUID.randomUUID().toString(), card, create(code, DevData.RH_CARDIOLOGY, 'Afsnit'))).status == 200
        code
    }

    static List history(String code) {
        Http.get("/api/sor/units/${code}/history", READER).json*.changeType
    }

    def 'a replayed MessageID on sorus changes nothing the second time and returns the same answer'() {
        given:
        String card = systemCard(HOVEDSTADEN_CVR, 'Region Hovedstaden')
        String code = newUnit(card)
        String rename = message(UUID.randomUUID().toString(), card, update(code, 1, 'Omdøbt én gang'))

        when: 'the message is sent, its answer "lost", and the very same message sent again (twice)'
        def first = send(rename)
        def again = send(rename)
        def third = send(rename)

        then: 'the same answer, byte for byte; one change, at version 2'
        first.status == 200
        body(first).SorEntity.Version.text() == '2'
        again.status == 200
        again.text == first.text
        third.text == first.text
        history(code) == ['CREATE', 'UPDATE']
        Http.get("/fhir/Organization/${code}", READER).header('ETag') == 'W/"2"'
    }

    def 'the same MessageID for a different request is refused and changes nothing'() {
        given:
        String card = systemCard(HOVEDSTADEN_CVR, 'Region Hovedstaden')
        String code = newUnit(card)
        String messageId = UUID.randomUUID().toString()
        assert send(message(messageId, card, update(code, 1, 'Første'))).status == 200

        when:
        def reused = send(message(messageId, card, update(code, 2, 'Anden')))

        then:
        faultCode(reused) == 'syntax_error'
        TestSts.parse(reused).root.'soap:Body'.'soap:Fault'.faultstring.text().contains('already used for a different request')
        history(code) == ['CREATE', 'UPDATE']
        Http.get("/fhir/Organization/${code}", READER).json.name == 'Første'
    }

    def 'a retransmission may come with a renewed ID card: it is still the same request'() {
        given:
        String code = newUnit(systemCard(HOVEDSTADEN_CVR, 'Region Hovedstaden'))
        String messageId = UUID.randomUUID().toString()
        def first = send(message(messageId, systemCard(HOVEDSTADEN_CVR, 'Region Hovedstaden'), update(code, 1, 'Kort 1')))

        when:
        def renewed = send(message(messageId, systemCard(HOVEDSTADEN_CVR, 'Region Hovedstaden'), update(code, 1, 'Kort 1')))

        then:
        renewed.text == first.text
        history(code) == ['CREATE', 'UPDATE']
    }

    def 'MessageIDs are per sender: another system using the same MessageID is a new request'() {
        given:
        String messageId = UUID.randomUUID().toString()
        String hovedstaden = systemCard(HOVEDSTADEN_CVR, 'Region Hovedstaden')
        String code = newUnit(hovedstaden)
        String other = TestSts.systemCard('Andet SOR-system', HOVEDSTADEN_CVR, 'Region Hovedstaden')

        when:
        def mine = send(message(messageId, hovedstaden, update(code, 1, 'Fra system 1')))
        def theirs = send(message(messageId, other, update(code, 2, 'Fra system 2')))

        then:
        body(mine).SorEntity.Version.text() == '2'
        body(theirs).SorEntity.Version.text() == '3'
        history(code) == ['CREATE', 'UPDATE', 'UPDATE']
    }

    def 'a refused request is not remembered: sent again once the cause is gone, it runs'() {
        given:
        String card = systemCard(HOVEDSTADEN_CVR, 'Region Hovedstaden')
        String code = newUnit(card)
        String ahead = message(UUID.randomUUID().toString(), card, update(code, 2, 'For tidligt'))

        when: 'version 2 does not exist yet: refused'
        def refused = send(ahead)
        assert send(message(UUID.randomUUID().toString(), card, update(code, 1, 'Mellemversion'))).status == 200
        def retried = send(ahead)

        then:
        faultCode(refused) == 'syntax_error'
        retried.status == 200
        body(retried).SorEntity.Version.text() == '3'
    }

    def 'a lookup is not replayed from memory: the same MessageID reads (and logs) again, so no copy of patient data is kept'() {
        given:
        String cpr = newCpr()
        assert putMedication(cpr, "retransmit-${cpr}").status in [200, 201]
        String xml = TestSts.request(cpr).replaceFirst('<medcom:MessageID>[^<]*</medcom:MessageID>',
                "<medcom:MessageID>${UUID.randomUUID()}</medcom:MessageID>")

        when:
        def first = TestSts.post(xml)
        def again = TestSts.post(xml)

        then:
        TestSts.parse(first).atcCodes == ['N02BE01']
        TestSts.parse(again).atcCodes == ['N02BE01']
        citizenLog(cpr).json.total == 2
    }
}
