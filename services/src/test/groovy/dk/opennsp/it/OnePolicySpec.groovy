package dk.opennsp.it

import dk.opennsp.security.dgws.DgwsAuthenticator
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestSts

import static dk.opennsp.support.TestKeys.*
import static dk.opennsp.support.TestSts.*

/**
 * One policy for both token models: the same request made with a JWT over FHIR and with a DGWS ID card
 * over SOAP gets the same decision, the same refusal text and the same MinLog entry.
 */
class OnePolicySpec extends AppSpec {
    static final String AUDITOR = token([user_type: 'minlog_admin', given_name: 'Anna', family_name: 'Auditor', sub: 'auditor-anna'])

    static Http.Response fhir(String cpr, Map claims = professional(), Map<String, String> headers = [:]) {
        readCard(cpr, claims, headers)
    }

    static Http.Response soap(String cpr, String card = card(), Map<String, String> extraHsuid = [:]) {
        soapWith(cpr, card, hsuid(cpr, extraHsuid))
    }

    static Http.Response soapWith(String cpr, String card, Map<String, String> fullHsuid) {
        post(request(cpr, card, fullHsuid))
    }

    static String faultText(Http.Response r) {
        TestSts.parse(r).root.'soap:Body'.'soap:Fault'.faultstring.text()
    }

    static List<Map> stored(String cpr) {
        def r = Http.get("/api/minlog/audit?cpr=${cpr}", AUDITOR)
        assert r.status == 200
        r.json.entries ?: []
    }

    static String withMedication(String cpr) {
        assert putMedication(cpr, "policy-${cpr}").status in [200, 201]
        cpr
    }

    def 'assurance too low: a professional without a high login is refused over both, with the same words, and nothing is logged'() {
        given:
        String cpr = withMedication(newCpr())

        when:
        def viaJwt = fhir(cpr, professional(assurance_level: 'substantial'))
        def viaJwtWithout = fhir(cpr, professional(assurance_level: null))
        // a user card of level 3, its medcom:SecurityLevel saying so
        def viaCard = post(request(cpr, card(level: 3), hsuid(cpr), 3))

        then:
        viaJwt.status == 403
        viaJwt.json.issue[0].code == 'security'
        viaJwtWithout.status == 403
        viaJwtWithout.json.issue[0].diagnostics.contains('low')
        parse(viaCard).faultCode == 'security_level_failed'
        faultText(viaCard) == viaJwt.json.issue[0].diagnostics
        stored(cpr).isEmpty()
    }

    def 'a level-4 card and a high JWT read the same card, and leave the same kind of entry'() {
        given:
        String cpr = withMedication(newCpr())

        when:
        def viaJwt = fhir(cpr)
        def viaCard = soap(cpr)
        List<Map> entries = stored(cpr)

        then:
        viaJwt.matches.size() == 1
        parse(viaCard).atcCodes == ['N02BE01']
        entries.size() == 2
        entries*.userId == ['T0001', 'T0001']
        entries*.addition == ['Ingen', 'Ingen']
    }

    def 'value leap without a reason is refused over both with the same words; with one, both log it the same'() {
        given:
        String cpr = withMedication(newCpr())
        assert Http.send('POST', '/api/citizen/blockings', token(citizen(cpr)), [kind: 'ALL']).status == 201

        when: 'no reason'
        def jwtNoReason = fhir(cpr, professional(), ['X-Consent-Override': 'emergency'])
        def cardNoReason = soap(cpr, card(), ['nsi:ConsentOverride': 'true', (DgwsAuthenticator.OVERRIDE_KIND): 'emergency'])

        then:
        jwtNoReason.status == 400
        parse(cardNoReason).faultCode == 'syntax_error'
        faultText(cardNoReason) == jwtNoReason.json.issue[0].diagnostics

        when: 'no kind over DGWS (HSUID has only the flag; the kind is not assumed)'
        def cardNoKind = soap(cpr, card(), ['nsi:ConsentOverride': 'true', (DgwsAuthenticator.OVERRIDE_REASON): 'Akut'])

        then:
        parse(cardNoKind).faultCode == 'syntax_error'
        faultText(cardNoKind).contains('kind')

        when: 'kind and reason'
        def jwtLeap = fhir(cpr, professional(), ['X-Consent-Override': 'emergency', 'X-Consent-Override-Reason': 'Bevidstloes'])
        def cardLeap = soap(cpr, card(), ['nsi:ConsentOverride': 'true', (DgwsAuthenticator.OVERRIDE_KIND): 'emergency',
                                          (DgwsAuthenticator.OVERRIDE_REASON): 'Bevidstloes'])
        List<Map> entries = stored(cpr)

        then:
        jwtLeap.matches.size() == 1
        parse(cardLeap).atcCodes == ['N02BE01']
        entries.size() == 2
        entries*.addition == ['Værdispring', 'Værdispring']
        entries*.reason == ['Bevidstloes', 'Bevidstloes']
    }

    def 'purpose_of_use ETREAT is the emergency leap: it still needs a reason, and is logged like any emergency leap'() {
        given:
        String cpr = withMedication(newCpr())
        assert Http.send('POST', '/api/citizen/blockings', token(citizen(cpr)), [kind: 'ALL']).status == 201
        Map emergency = professional(purpose_of_use: 'ETREAT')

        when:
        def noReason = fhir(cpr, emergency)
        def asConsent = fhir(cpr, emergency, ['X-Consent-Override': 'consent', 'X-Consent-Override-Reason': 'Samtykke'])
        def withReason = fhir(cpr, emergency, ['X-Consent-Override-Reason': 'Hjertestop'])
        def cardEmergency = soap(cpr, card(), ['nsi:ConsentOverride': 'true', (DgwsAuthenticator.OVERRIDE_KIND): 'emergency',
                                               (DgwsAuthenticator.OVERRIDE_REASON): 'Hjertestop'])
        List<Map> entries = stored(cpr)

        then:
        noReason.status == 400
        asConsent.status == 400
        withReason.matches.size() == 1
        parse(cardEmergency).atcCodes == ['N02BE01']
        entries*.addition == ['Værdispring', 'Værdispring']
        entries*.reason == ['Hjertestop', 'Hjertestop']
    }

    def 'a citizen reads a child only with custody: the same rule on the guarded lookup and on the citizen endpoints'() {
        given:
        String parent = newCpr()
        String child = withMedication(newCpr())
        Map withCustody = citizen(parent, [on_behalf_of: [relation: 'custody', cpr: child]])
        Map withoutCustody = citizen(parent)
        Map asAssistant = citizen(parent, [on_behalf_of: [relation: 'assistant_for', cpr: child]])

        expect: 'the guarded lookup (FHIR)'
        fhir(child, withCustody).matches.size() == 1
        fhir(child, withoutCustody).status == 403
        fhir(child, asAssistant).status == 403

        and: 'the citizen endpoints (MinLog, MinSpærring)'
        Http.get("/api/citizen/minlog?cpr=${child}", token(withCustody)).status == 200
        Http.get("/api/citizen/minlog?cpr=${child}", token(withoutCustody)).status == 403
        Http.get("/api/citizen/blockings?cpr=${child}", token(asAssistant)).status == 403
    }

    def 'an organisation named by P-number or SKS code is logged with its own source, never as CVR'() {
        given:
        String cpr = withMedication(newCpr())
        // no HSUID OrgUsingID: the card's care provider is the organisation
        Map<String, String> byCareProvider = hsuid(cpr).findAll { !it.key.startsWith('nsi:OrgUsingID') }

        when:
        def pnumber = soapWith(cpr, card(provider: '1003456789', format: 'medcom:pnumber'), byCareProvider)
        def sks = soapWith(cpr, card(provider: '1301011', format: 'medcom:skscode'), byCareProvider)
        def cvr = soapWith(cpr, card(provider: '12345678', format: 'medcom:cvrnumber'), byCareProvider)
        List<Map> entries = stored(cpr).reverse()

        then:
        [pnumber, sks, cvr].every { parse(it).atcCodes == ['N02BE01'] }
        entries*.organisationIdSource == ['CVR-P', 'SKS', 'CVR']
        entries*.organisationId == ['1003456789', '1301011', '12345678']
    }
}
