package dk.opennsp.it

import dk.opennsp.minlog.MinLogRetention
import dk.opennsp.security.dgws.DgwsRequestWriter
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import dk.opennsp.support.TestSts
import groovy.xml.XmlSlurper

import java.time.Clock
import java.time.Instant
import java.time.ZoneOffset
import java.time.temporal.ChronoUnit
import java.util.concurrent.CompletableFuture

import static dk.opennsp.support.TestKeys.citizen
import static dk.opennsp.support.TestKeys.professional
import static dk.opennsp.support.TestKeys.system
import static dk.opennsp.support.TestKeys.token

/** MinLog: bulk registration (SOAP AddRegistrations and REST), the citizen's view, the medhjælpslog, masking, retention. */
class MinLogSpec extends AppSpec {
    static final String NS = 'http://www.sundhedsdatastyrelsen.dk/minlog/xml.schema/2025/03/12/minlog2-registration.xsd'
    static final String XSD = '/wsdl/minlog2/minlog2-registration_20250312.xsd'
    static final String ORG = '100111000016009'

    static String systemCard() {
        TestSts.systemCard('Lab system', '12345678', 'Laboratoriet')
    }

    /** One LogDataEntry in schema order; {@code extra} replaces or adds elements (null drops one). */
    static String entry(String cpr, String sequence, Map<String, String> extra = [:]) {
        Map<String, String> fields = [SystemName: 'Laboratoriet', Activity: 'Opslag på prøvesvar',
                                      DateTime  : Instant.now().minus(1, ChronoUnit.HOURS).toString(),
                                      OrganisationId: "<OrganisationId source=\"SOR\">${ORG}</OrganisationId>".toString(),
                                      OrganisationName: 'Hjertemedicinsk Klinik',
                                      PersonIdentifier: "<PersonIdentifier source=\"CPR\">${cpr}</PersonIdentifier>".toString(),
                                      CorrelationId: "corr-${cpr}".toString(), SequenceNumber: sequence,
                                      UserPersonIdentifier: '<UserPersonIdentifier source="Autorisation">L0001</UserPersonIdentifier>',
                                      UserPersonName: 'Lise Laborant', UserRole: 'Bioanalytiker'] + extra
        '<LogDataEntry><Destination>' + fields.findAll { it.value != null }.collect { k, v ->
            v.startsWith('<') ? v : "<${k}>${v}</${k}>"
        }.join('') + '</Destination></LogDataEntry>'
    }

    static Http.Response addRegistrations(List<String> entries, String card = systemCard(), int level = 3) {
        String body = "<minlog:RegistrationRequest xmlns:minlog=\"${NS}\">${entries.join('')}</minlog:RegistrationRequest>"
        TestSts.post(DgwsRequestWriter.envelope(card, level, [:], body), '/soap/minlog2-registration')
    }

    static def response(Http.Response r) {
        new XmlSlurper().parseText(r.text).Body.RegistrationResponse
    }

    static Http.Response register(List<Map> entries, Map claims = system()) {
        Http.send('POST', '/api/minlog/registrations', token(claims), [entries: entries])
    }

    static Map jsonEntry(String cpr, Map extra = [:]) {
        [systemName: 'Røntgen', activity: 'Opslag på billeder', dateTime: Instant.now().minus(1, ChronoUnit.HOURS).toString(),
         organisation: [id: ORG, source: 'SOR', name: 'Hjertemedicinsk Klinik'],
         person: [id: cpr, source: 'CPR'], user: [id: 'R0001', source: 'Autorisation', name: 'Rasmus Radiograf', role: 'Radiograf']] + extra
    }

    def "AddRegistrations stores 500 entries in one request, answers per the official schema, and citizens see them"() {
        given:
        List<String> cprs = (1..50).collect { newCpr() }
        List<String> entries = (0..<500).collect { i -> entry(cprs[i % 50], "${i}") }

        when:
        Http.Response r = addRegistrations(entries)

        then:
        r.status == 200
        TestSts.payloadValid(r, XSD)
        response(r).NumberAdded.text() == '500'
        response(r).NumberFailed.text() == '0'
        citizenLog(cprs[7]).json.total == 10
        citizenLog(cprs[7]).json.entries[0].who == [name: 'Lise Laborant', role: 'Bioanalytiker']
        citizenLog(cprs[7]).json.entries[0].activity == 'Opslag på prøvesvar'
    }

    def "partial success: bad entries are reported with fault code, text and sequence number; the rest are stored"() {
        given:
        String cpr = newCpr()

        when:
        Http.Response r = addRegistrations([
                entry(cpr, 'ok-1'),
                entry(cpr, 'no-activity', [Activity: null]),
                entry(cpr, 'bad-cpr', [PersonIdentifier: '<PersonIdentifier source="CPR">12345</PersonIdentifier>']),
                entry(cpr, 'future', [DateTime: Instant.now().plus(2, ChronoUnit.DAYS).toString()]),
                entry(cpr, 'too-long', [SystemName: 'x' * 26]),
                entry(cpr, 'ok-2')])
        def failed = response(r).FailedLogDataEntries

        then:
        r.status == 200
        TestSts.payloadValid(r, XSD)
        response(r).NumberAdded.text() == '2'
        response(r).NumberFailed.text() == '4'
        failed.collectEntries { [it.SequenceNumber.text(), it.FaultCode.text()] } ==
                ['no-activity': 'invalid_entry', 'bad-cpr': 'invalid_person_identifier', future: 'invalid_datetime', 'too-long': 'invalid_entry']
        failed.every { it.FaultText.text().startsWith('Entry ') }
        citizenLog(cpr).json.total == 2
    }

    def "a retried request (same CorrelationId and SequenceNumber) is stored once"() {
        given:
        String cpr = newCpr()
        List<String> entries = (1..3).collect { entry(cpr, "retry-${it}") }

        when:
        Http.Response first = addRegistrations(entries)
        Http.Response retry = addRegistrations(entries)

        then:
        response(first).NumberAdded.text() == '3'
        response(retry).NumberAdded.text() == '3'
        citizenLog(cpr).json.total == 3
    }

    def "AddRegistrations is refused: #problem"() {
        expect:
        TestSts.parse(request()).faultCode == fault

        where:
        problem                       | request                                                                                          | fault
        'a user card'                 | { -> addRegistrations([entry('0101011234', '1')], TestSts.card(), 4) }                            | 'not_authorized'
        'another root element'        | { -> TestSts.post(DgwsRequestWriter.envelope(systemCard(), 3, [:], "<x:Other xmlns:x=\"${NS}\"/>"), '/soap/minlog2-registration') } | 'syntax_error'
        'no entries'                  | { -> addRegistrations([]) }                                                                      | 'syntax_error'
    }

    def "the registration WSDL and the official schema are published"() {
        expect:
        Http.get('/soap/minlog2-registration?wsdl').text.contains('AddRegistrations')
        Http.get('/soap/minlog2-registration?xsd=minlog2-registration_20250312.xsd').text.contains('LogDataEntryForRegistrationType')
    }

    def "REST registrations: partial success and idempotent retries for JWT systems"() {
        given:
        String cpr = newCpr()
        List<Map> entries = [jsonEntry(cpr, [correlationId: "rest-${cpr}".toString(), sequenceNumber: '1']),
                             jsonEntry(cpr, [person: [id: cpr, source: 'DNR']]),
                             jsonEntry(cpr, [dateTime: null])]

        when:
        Map first = register(entries).json
        Map retry = register(entries[0..0]).json

        then:
        first.numberAdded == 1
        first.numberFailed == 2
        first.failedLogDataEntries*.position == [2, 3]
        first.failedLogDataEntries*.faultCode == ['invalid_person_identifier', 'invalid_entry']
        retry.numberAdded == 1
        citizenLog(cpr).json.total == 1
    }

    def "REST registrations refuse #problem with #status"() {
        expect:
        Http.send('POST', '/api/minlog/registrations', bearer, body).status == status

        where:
        problem            | bearer                          | body                                     | status
        'a professional'   | token(professional())           | [entries: [jsonEntry('0101011234')]]    | 403
        'a citizen'        | token(citizen('0101011234'))    | [entries: [jsonEntry('0101011234')]]    | 403
        'no token'         | null                            | [entries: [jsonEntry('0101011234')]]    | 401
        'no entries'       | token(system())                 | [entries: []]                            | 400
        'no body'          | token(system())                 | null                                     | 400
        'too many entries' | token(system())                 | [entries: (1..5001).collect { [:] }]     | 400
    }

    def "the citizen's view filters by period, system and organisation, with totals and paging"() {
        given:
        String cpr = newCpr()
        register([jsonEntry(cpr, [dateTime: '2026-01-10T10:00:00Z']),
                  jsonEntry(cpr, [dateTime: '2026-02-10T10:00:00Z', systemName: 'Lab']),
                  jsonEntry(cpr, [dateTime: '2026-03-10T10:00:00Z', organisation: [id: '100211000016003', source: 'SOR']]),
                  jsonEntry(cpr, [dateTime: '2026-03-11T10:00:00Z'])])
        String bearer = token(citizen(cpr))

        expect:
        Http.get("/api/citizen/minlog?${query}", bearer).json.with { [it.total, it.entries*.when*.substring(0, 10)] } == expected

        where:
        query                                      | expected
        'from=2026-02-01'                          | [3, ['2026-03-11', '2026-03-10', '2026-02-10']]
        'from=2026-02-01&to=2026-03-10'            | [2, ['2026-03-10', '2026-02-10']]
        'system=Lab'                               | [1, ['2026-02-10']]
        'organisation=100211000016003'             | [1, ['2026-03-10']]
        'size=3&page=1'                            | [4, ['2026-01-10']]
    }

    def "MinLog2 Filter values hide an entry from the citizen (Ikke borger) or from a custody holder, never from the auditor"() {
        given:
        String child = newCpr()
        register([jsonEntry(child, [filters: ['Ikke borger']]), jsonEntry(child, [filters: ['Ikke forældremyndigheds-indehaver']]),
                  jsonEntry(child)])
        String parent = token(citizen(newCpr(), [on_behalf_of: [relation: 'custody', cpr: child]]))
        String admin = token([user_type: 'minlog_admin', given_name: 'Mads', family_name: 'Admin', sub: 'admin-mads'])

        expect:
        citizenLog(child).json.total == 2
        Http.get("/api/citizen/minlog?cpr=${child}", parent).json.total == 2
        Http.get("/api/minlog/audit?cpr=${child}", admin).json.total == 3
    }

    def "bad view parameters are refused with 400: #query"() {
        expect:
        Http.get("/api/citizen/minlog?${query}", token(citizen(newCpr()))).status == 400

        where:
        query << ['from=yesterday', 'from=2026-03-01&to=2026-02-01', 'size=0', 'page=-1', 'to=2026-13-01']
    }

    def "medhjælpslog: the professional sees what an assistant looked up on their behalf; others may not read it"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "assist-${cpr}")
        Map assistant = professional(cpr: '0303702222', given_name: 'Anna', family_name: 'Assistent', authorization_code: null,
                education_code: '5166', on_behalf_of: [relation: 'assistant_for', authorization_code: 'W0001'])
        readCard(cpr, assistant)

        when:
        Map log = Http.get('/api/professional/assistant-log', token(professional(authorization_code: 'W0001', cpr: '0404704444'))).json

        then:
        log.entries.find { it.citizenCpr == cpr }.assistant == [name: 'Anna Assistent', role: 'Sygeplejerske']
        citizenLog(cpr).json.entries[0].onBehalfOf != null
        Http.get('/api/professional/assistant-log', token(citizen(cpr))).status == 403
        Http.get('/api/professional/assistant-log', token(professional(authorization_code: 'W0002', cpr: '0505705555')))
                .json.entries.every { it.citizenCpr != cpr }
    }

    def "masking: once a professional is protected in a department, citizens see role and department only — also for earlier entries"() {
        given:
        String cpr = newCpr()
        String admin = token([user_type: 'minlog_admin', given_name: 'Mads', family_name: 'Admin', sub: 'admin-mads'])
        String code = 'P' + cpr[-4..-1]
        Map user = [id: code, source: 'Autorisation', name: 'Peter Protected', role: 'Læge']
        register([jsonEntry(cpr, [user: user, dateTime: '2026-01-01T10:00:00Z']),
                  jsonEntry(cpr, [user: user, dateTime: '2026-01-02T10:00:00Z', organisation: [id: '100211000016003', source: 'SOR']])])

        when:
        Http.Response marked = Http.send('POST', '/api/minlog/protected-staff', admin,
                [authorizationCode: code, organisationId: ORG, note: 'Trusler'])
        List entries = citizenLog(cpr).json.entries

        then:
        marked.status == 201
        entries.find { it.organisation.sor == ORG }.who == [role: 'Læge']
        entries.find { it.organisation.sor == ORG }.masked
        entries.find { it.organisation.sor == '100211000016003' }.who.name == 'Peter Protected'

        and: 'the stored entry keeps the truth for the auditor'
        Http.get("/api/minlog/audit?cpr=${cpr}", admin).json.entries*.userName == ['Peter Protected', 'Peter Protected']

        and: 'nobody else may mark or audit'
        Http.send('POST', '/api/minlog/protected-staff', token(professional()), [authorizationCode: code]).status == 403
        Http.get("/api/minlog/audit?cpr=${cpr}", token(citizen(cpr))).status == 403

        when: 'the marking ends'
        Http.send('DELETE', "/api/minlog/protected-staff/${marked.json.id}", admin, null)

        then:
        citizenLog(cpr).json.entries.every { it.who.name == 'Peter Protected' }
    }

    def "retention: with a controlled clock, entries older than two years are purged in batches; newer ones stay"() {
        given:
        String cpr = newCpr()
        register([jsonEntry(cpr, [dateTime: '2020-01-10T10:00:00Z']), jsonEntry(cpr, [dateTime: '2020-02-20T10:00:00Z']),
                  jsonEntry(cpr, [dateTime: '2021-06-01T10:00:00Z'])])
        MinLogRetention retention = TestApp.context().getBean(MinLogRetention)
        Clock march2022 = Clock.fixed(Instant.parse('2022-03-01T00:00:00Z'), ZoneOffset.UTC)

        when: 'writers keep writing while the purge runs'
        putMedication(cpr, "retention-${cpr}")
        List<CompletableFuture<Integer>> lookups = (1..10).collect { CompletableFuture.supplyAsync { readCard(cpr).status } }
        long purged = retention.purge(march2022)

        then:
        lookups*.join().every { it == 200 }
        purged >= 2
        citizenLog(cpr).json.entries*.when*.substring(0, 10).findAll { it < '2026' } == ['2021-06-01']
        citizenLog(cpr).json.total == 11
    }
}
