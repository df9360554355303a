package dk.opennsp.it

import dk.opennsp.minspaerring.BlockingIndex
import dk.opennsp.security.dgws.DgwsAuthenticator
import dk.opennsp.security.dgws.DgwsRequestWriter
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import dk.opennsp.support.TestSts
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource

import javax.sql.DataSource
import java.time.Instant

import static dk.opennsp.support.TestKeys.citizen
import static dk.opennsp.support.TestKeys.professional
import static dk.opennsp.support.TestKeys.token

/** MinSpærring beyond the matrix: who may register what, support staff, værdispring over DGWS, the index across nodes, fail closed. */
class MinSpaerringSpec extends AppSpec {
    static final String BLOCKINGS = '/api/citizen/blockings'

    static Map support(Map extra = [:]) {
        [user_type: 'support', given_name: 'Sofie', family_name: 'Support', sub: 'support-sofie'] + extra
    }

    def "a custody holder blocks for their child: the child's data is blocked, and a stranger sees nothing of it"() {
        given:
        String parent = newCpr()
        String child = newCpr()
        putMedication(child, "custody-${child}")
        String parentToken = token(citizen(parent, [on_behalf_of: [relation: 'custody', cpr: child]]))

        when:
        Http.Response created = Http.send('POST', "${BLOCKINGS}?cpr=${child}", parentToken, [kind: 'ALL'])

        then:
        created.status == 201
        created.json.registeredVia == 'custody'
        readCard(child).matches.isEmpty()
        Http.get("${BLOCKINGS}?cpr=${child}", parentToken).json*.id == [created.json.id]
        Http.get(BLOCKINGS, token(citizen(child))).json*.id == [created.json.id]
        Http.get(BLOCKINGS, parentToken).json.isEmpty()
        Http.get("${BLOCKINGS}/${created.json.id}/audit?cpr=${child}", parentToken).json*.action == ['CREATED']

        and: 'a procuration holder for someone else cannot touch it'
        String proxy = token(citizen(newCpr(), [on_behalf_of: [relation: 'procuration', cpr: newCpr()]]))
        Http.get("${BLOCKINGS}?cpr=${child}", proxy).status == 403
        Http.send('DELETE', "${BLOCKINGS}/${created.json.id}?cpr=${child}", proxy, null).status == 403
    }

    def "support staff register a phone blocking for a non-digital citizen; the citizen sees it and the audit names who and how"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "support-${cpr}")

        when:
        Http.Response created = Http.send('POST', "${BLOCKINGS}?cpr=${cpr}", token(support()),
                [kind: 'PROFESSIONAL', target: 'T0001', channel: 'phone', note: 'Sag 2026-4711'])

        then:
        created.status == 201
        created.json.registeredVia == 'phone'
        readCard(cpr).matches.isEmpty()
        Http.get(BLOCKINGS, token(citizen(cpr))).json*.registeredVia == ['phone']

        when: 'support ends it on a paper request'
        Http.Response ended = Http.send('DELETE', "${BLOCKINGS}/${created.json.id}?cpr=${cpr}&channel=paper&note=Brev", token(support()), null)
        List audit = Http.get("${BLOCKINGS}/${created.json.id}/audit", token(citizen(cpr))).json

        then:
        ended.status == 200
        !ended.json.active
        readCard(cpr).matches.size() == 1
        audit.collect { [it.action, it.channel, it.by, it.note] } ==
                [['CREATED', 'phone', 'Sofie Support (support)', 'Sag 2026-4711'], ['ENDED', 'paper', 'Sofie Support (support)', 'Brev']]
    }

    def "support staff are refused without a channel, without a citizen, or with a token lacking their name; others may not act as support"() {
        expect:
        Http.send('POST', "${BLOCKINGS}?cpr=${newCpr()}", token(support()), [kind: 'ALL']).status == 400
        Http.send('POST', "${BLOCKINGS}?cpr=${newCpr()}", token(support()), [kind: 'ALL', channel: 'email']).status == 400
        Http.send('POST', BLOCKINGS, token(support()), [kind: 'ALL', channel: 'phone']).status == 400
        Http.send('POST', "${BLOCKINGS}?cpr=${newCpr()}", token(support(given_name: null)), [kind: 'ALL', channel: 'phone']).status == 401
        Http.send('POST', "${BLOCKINGS}?cpr=${newCpr()}", token(professional()), [kind: 'ALL', channel: 'phone']).status == 403
    }

    def "invalid registrations are refused with 400: #problem"() {
        expect:
        Http.send('POST', BLOCKINGS, token(citizen(newCpr())), body).status == 400

        where:
        problem                          | body
        'period without dates'           | [kind: 'DATA_PERIOD']
        'period ending before start'     | [kind: 'DATA_PERIOD', dataFrom: '2026-02-01T00:00:00Z', dataTo: '2026-01-01T00:00:00Z']
        'dates on another kind'          | [kind: 'ALL', dataFrom: '2026-02-01T00:00:00Z']
        'sub-units on a professional'    | [kind: 'PROFESSIONAL', target: 'T0001', includeSubUnits: true]
        'consent without professional'   | [kind: 'POSITIVE_CONSENT']
        'SOR code with a bad check digit'| [kind: 'ORGANISATION', target: '100111000016008']
        'unparseable data date'          | [kind: 'DATA_PERIOD', dataFrom: 'last year']
    }

    def "værdispring over DGWS: a level-4 user card with consent and a reason reads a blocked card; the log says Samtykke"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "dgws-override-${cpr}")
        Http.send('POST', BLOCKINGS, token(citizen(cpr)), [kind: 'ALL'])
        Map<String, String> hsuid = TestSts.hsuid(cpr, ['nsi:ConsentOverride': 'true',
                (DgwsAuthenticator.OVERRIDE_KIND): 'consent', (DgwsAuthenticator.OVERRIDE_REASON): 'Mundtligt samtykke givet'])

        when:
        def reply = TestSts.parse(TestSts.post(TestSts.request(cpr, TestSts.card(), hsuid)))
        Map entry = citizenLog(cpr).json.entries[0]

        then:
        reply.atcCodes == ['N02BE01']
        entry.addition == 'Samtykke'
        entry.reason == 'Mundtligt samtykke givet'
    }

    def "værdispring over DGWS is refused for a system card and for an unknown kind"() {
        given:
        String cpr = newCpr()
        String systemCard = TestSts.systemCard()
        String body = "<GetAppointmentsRequest xmlns=\"urn:opennsp:patient:1.0\"><PersonIdentifier source=\"CPR\">${cpr}</PersonIdentifier></GetAppointmentsRequest>"

        expect: 'a system card cannot even read appointments (level 4 is required), let alone override'
        TestSts.parse(TestSts.post(DgwsRequestWriter.envelope(systemCard, 3, ['nsi:ConsentOverride': 'true',
                (DgwsAuthenticator.OVERRIDE_KIND): 'emergency', (DgwsAuthenticator.OVERRIDE_REASON): 'Akut'], body),
                '/soap/appointments')).faultCode == 'security_level_failed'
        TestSts.parse(TestSts.post(TestSts.request(cpr, TestSts.card(), TestSts.hsuid(cpr,
                ['nsi:ConsentOverride': 'true', (DgwsAuthenticator.OVERRIDE_KIND): 'curiosity'])))).faultCode == 'syntax_error'
    }

    def "an assistant acting for a blocked professional is blocked too"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "assistant-${cpr}")
        Http.send('POST', BLOCKINGS, token(citizen(cpr)), [kind: 'PROFESSIONAL', target: 'T0001'])
        Map assistant = professional(cpr: '0202702222', authorization_code: null, education_code: '5166',
                on_behalf_of: [relation: 'assistant_for', authorization_code: 'T0001'])

        expect:
        readCard(cpr, assistant).matches.isEmpty()
        readCard(cpr, professional(cpr: '0202702222', authorization_code: 'N0002')).matches.size() == 1
    }

    def "a blocking written by another node reaches this node's index by the refresh poll"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "other-node-${cpr}")
        assert readCard(cpr).matches.size() == 1
        Instant now = Instant.now()

        when: 'another node commits a blocking straight into the shared database'
        sql("INSERT INTO blocking (citizen_cpr, kind, include_sub_units, channel, created_at, created_by, updated_at) " +
                "VALUES ('${cpr}', 'ALL', FALSE, 'self', TIMESTAMP WITH TIME ZONE '${now}', 'other-node', TIMESTAMP WITH TIME ZONE '${now}')")

        then:
        waitFor { readCard(cpr).matches.isEmpty() }
    }

    def "fail closed: when the blocking index cannot be refreshed for longer than max-staleness, lookups get 503 and no data"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "stale-${cpr}")

        when:
        sql('ALTER TABLE blocking RENAME TO blocking_unavailable')
        boolean refused = waitFor(15) { readCard(cpr).status == 503 }
        int logged = citizenLog(cpr).json.total
        Http.Response r = readCard(cpr)
        int loggedAfter = citizenLog(cpr).json.total
        Http.Response readiness = Http.get('/health/readiness')
        sql('ALTER TABLE blocking_unavailable RENAME TO blocking')
        boolean recovered = waitFor { readCard(cpr).status == 200 }
        boolean readyAgain = waitFor { Http.get('/health/readiness').status == 200 }

        then: 'once the index is older than max-staleness, lookups are refused and leave no log entry'
        refused
        r.status == 503
        r.header('Retry-After') != null
        !r.text.contains('MedicationStatement')
        loggedAfter == logged

        and: 'readiness says DOWN meanwhile, so a load balancer sends the traffic elsewhere'
        readiness.status == 503
        readiness.json == [status: 'DOWN']

        and: 'it recovers once the store answers again'
        recovered
        readyAgain

        cleanup:
        try { sql('ALTER TABLE blocking_unavailable RENAME TO blocking') } catch (ignored) { }
    }

    def "the index holds every registration that may still apply"() {
        expect:
        TestApp.context().getBean(BlockingIndex).citizens() > 0
    }

    static boolean waitFor(int seconds = 10, Closure<Boolean> condition) {
        long deadline = System.currentTimeMillis() + seconds * 1000L
        while (System.currentTimeMillis() < deadline) {
            if (condition()) {
                return true
            }
            Thread.sleep(200)
        }
        false
    }

    static void sql(String statement) {
        DataSource ds = DelegatingDataSource.unwrapDataSource(TestApp.context().getBean(DataSource))
        ds.connection.withCloseable { c -> c.createStatement().withCloseable { it.execute(statement) } }
    }
}
