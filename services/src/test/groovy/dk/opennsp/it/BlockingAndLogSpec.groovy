package dk.opennsp.it

import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource
import spock.lang.Requires

import javax.sql.DataSource
import java.time.Instant
import java.time.temporal.ChronoUnit
import java.util.concurrent.CompletableFuture

import static dk.opennsp.support.TestKeys.*

/** MinSpærring enforcement and the MinLog entries it leaves (or must not leave). */
class BlockingAndLogSpec extends AppSpec {

    static Http.Response block(String cpr, Map body) {
        Http.send('POST', '/api/citizen/blockings', token(citizen(cpr)), body)
    }

    def "an allowed access appears in the citizen's log with who, organisation, system and activity"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "log-${cpr}")

        when:
        readCard(cpr)
        Http.Response log = citizenLog(cpr)

        then:
        log.status == 200
        log.json.total == 1
        Map e = log.json.entries[0]
        e.who == [name: 'Test Doctor', role: 'Læge']
        e.organisation == [name: 'Test Department', sor: '100111000016009']
        e.system == 'Test EPJ'
        e.activity == 'Opslag på medicinkort'
        e.addition == 'Ingen'
        Instant.parse(e.when).isAfter(Instant.now().minus(1, ChronoUnit.MINUTES))
    }

    def "a professional blocked by the citizen gets an empty bundle marked suppressed, and no log entry is written"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "blocked-${cpr}")
        assert block(cpr, [kind: 'PROFESSIONAL', target: 'T0001']).status == 201

        when:
        Http.Response r = readCard(cpr)

        then:
        r.status == 200
        r.json.type == 'searchset'
        r.json.total == 0
        r.matches.isEmpty()
        r.outcomes[0].issue[0].code == 'suppressed'
        r.outcomes[0].issue[0].severity == 'warning'
        citizenLog(cpr).json.total == 0

        and: 'another professional is not affected'
        readCard(cpr, professional(authorization_code: 'T0002', cpr: '0101702222')).matches.size() == 1
        citizenLog(cpr).json.total == 1
    }

    def "blocking a professional by CPR, an organisation, or everyone suppresses the card"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "kinds-${cpr}")
        block(cpr, body)

        expect:
        readCard(cpr).outcomes[0].issue[0].code == 'suppressed'
        readCard(cpr).matches.isEmpty()
        citizenLog(cpr).json.total == 0

        where:
        body << [[kind: 'PROFESSIONAL', target: '0101701111'],
                 [kind: 'ORGANISATION', target: '100111000016009'],
                 [kind: 'ALL']]
    }

    def "a data-specific blocking filters items and says data was withheld"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "a-${cpr}", medicationStatement(cpr, 'N06AB06', 'Sertralin'), '100211000016003')
        putMedication(cpr, "b-${cpr}", medicationStatement(cpr, 'C10AA05', 'Atorvastatin'), '100301000016009')
        block(cpr, [kind: 'DATA_FROM_ORGANISATION', target: '100211000016003'])

        when:
        Http.Response r = readCard(cpr)

        then:
        r.matches*.medicationCodeableConcept*.text == ['Atorvastatin']
        r.outcomes[0].issue[0].code == 'suppressed'
        r.outcomes[0].issue[0].diagnostics.contains('withheld')
        citizenLog(cpr).json.total == 1
    }

    def "a blocking outside its validity period does not apply, and an ended blocking stops applying"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "valid-${cpr}")
        block(cpr, [kind: 'ALL', validFrom: Instant.now().plus(1, ChronoUnit.DAYS).toString()])
        Long id = block(cpr, [kind: 'PROFESSIONAL', target: 'T0001']).json.id as Long

        expect:
        readCard(cpr).matches.isEmpty()

        when:
        Http.Response ended = Http.send('DELETE', "/api/citizen/blockings/${id}", token(citizen(cpr)), null)

        then:
        ended.status == 200
        !ended.json.active
        readCard(cpr).matches.size() == 1
        Http.get('/api/citizen/blockings', token(citizen(cpr))).json*.kind.sort() == ['ALL', 'PROFESSIONAL']
    }

    def "værdispring: a professional overrides with a reason and the entry says so"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "override-${cpr}")
        block(cpr, [kind: 'ALL'])

        when:
        Http.Response r = readCard(cpr, professional(), ['X-Consent-Override': 'emergency', 'X-Consent-Override-Reason': 'Bevidstl%C3%B8s patient'])

        then:
        r.matches.size() == 1
        Map e = citizenLog(cpr).json.entries[0]
        e.addition == 'Værdispring'
        e.reason == 'Bevidstløs patient'
    }

    def "værdispring is refused for citizens, for missing reasons and for unknown kinds"() {
        expect:
        readCard(cpr, claims, headers).status == status

        where:
        cpr          | claims                 | headers                                                                   | status
        '0303030303' | citizen('0303030303')  | ['X-Consent-Override': 'consent', 'X-Consent-Override-Reason': 'x']     | 403
        '0303030303' | professional()         | ['X-Consent-Override': 'consent']                                        | 400
        '0303030303' | professional()         | ['X-Consent-Override': 'because', 'X-Consent-Override-Reason': 'x']     | 400
    }

    def "a citizen never sees or changes another citizen's blockings"() {
        given:
        String owner = newCpr()
        String stranger = newCpr()
        Long id = block(owner, [kind: 'ALL']).json.id as Long

        expect:
        Http.get('/api/citizen/blockings', token(citizen(stranger))).json.isEmpty()
        Http.send('DELETE', "/api/citizen/blockings/${id}", token(citizen(stranger)), null).status == 404
        Http.get("/api/citizen/blockings?cpr=${owner}", token(citizen(stranger))).status == 403
        Http.get('/api/citizen/blockings', token(professional())).status == 403
    }

    def "a flag and a code typed as JSON types them are accepted (only other types are refused)"() {
        when:
        Http.Response r = Http.send('POST', '/api/citizen/blockings', token(citizen(newCpr())),
                '{"kind":"ORGANISATION","target":"100111000016009","includeSubUnits":true}')

        then:
        r.status == 201
        r.json.includeSubUnits == true
        r.json.target == '100111000016009'
    }

    def "invalid blockings are refused with 400, explained without class or package names: #problem"() {
        when:
        Http.Response r = Http.send('POST', '/api/citizen/blockings', token(citizen(newCpr())), body)

        then:
        r.status == 400
        r.json.resourceType == 'OperationOutcome'
        !(r.text =~ /\b(dk\.opennsp|java\.|javax\.|io\.micronaut|com\.fasterxml)/)
        !r.text.contains('Exception')

        where:
        problem                 | body
        'unknown kind'          | [kind: 'SOME']
        'missing kind'          | [target: 'T0001']
        'bad authorization code'| [kind: 'PROFESSIONAL', target: 'x']
        'bad SOR code'          | [kind: 'ORGANISATION', target: 'abc']
        'target on ALL'         | [kind: 'ALL', target: 'T0001']
        'validTo before from'   | [kind: 'ALL', validFrom: '2026-02-01T00:00:00Z', validTo: '2026-01-01T00:00:00Z']
        'unparseable date'      | [kind: 'ALL', validFrom: 'tomorrow']
        'malformed JSON'        | '{"kind": '
        'an array body'         | '[1,2]'
        'a string body'         | '"text"'
        'an object as target'   | '{"kind":"PROFESSIONAL","target":{"a":1}}'
        'a number as date'      | '{"kind":"ALL","validFrom":12}'
        'an object as flag'     | '{"kind":"ALL","includeSubUnits":{"x":1}}'
        'a word as flag'        | '{"kind":"ORGANISATION","target":"100111000016009","includeSubUnits":"maybe"}'
        'a quoted flag'         | '{"kind":"ORGANISATION","target":"100111000016009","includeSubUnits":"true"}'
        'a number as flag'      | '{"kind":"ORGANISATION","target":"100111000016009","includeSubUnits":1}'
        'an array as target'    | '{"kind":"PROFESSIONAL","target":["C1A23"]}'
    }

    def "a citizen may not read another citizen's log; a professional may not read MinLog"() {
        expect:
        Http.get("/api/citizen/minlog?cpr=${newCpr()}", token(citizen(newCpr()))).status == 403
        Http.get('/api/citizen/minlog', token(professional())).status == 403
        Http.get('/api/citizen/minlog?cpr=12', token(citizen(newCpr()))).status == 400
        Http.get('/api/citizen/minlog?size=100000', token(citizen(newCpr()))).status == 400
    }

    def "the log is paged, newest first"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "paged-${cpr}")
        3.times { i -> readCard(cpr, professional(given_name: "Doctor${i}".toString())) }

        when:
        Map page0 = Http.get('/api/citizen/minlog?size=2', token(citizen(cpr))).json
        Map page1 = Http.get('/api/citizen/minlog?size=2&page=1', token(citizen(cpr))).json

        then:
        page0.total == 3
        page0.totalPages == 2
        page0.entries*.who*.name == ['Doctor2 Doctor', 'Doctor1 Doctor']
        page1.entries*.who*.name == ['Doctor0 Doctor']
    }

    def "concurrent lookups each get their own committed entry (group commit)"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "burst-${cpr}")

        when:
        List<Integer> statuses = (1..40).collect { CompletableFuture.supplyAsync { readCard(cpr).status } }*.join()

        then:
        statuses.every { it == 200 }
        citizenLog(cpr).json.total == 40
    }

    @Requires({ TestApp.postgres() })
    def "fail closed: when the log table cannot be written (PostgreSQL: no journal) the lookup gets 503 and no data"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "closed-${cpr}")
        DataSource ds = rejectLogEntriesOf(cpr)

        when:
        Http.Response r = readCard(cpr)

        then:
        r.status == 503
        r.header('Retry-After') != null
        r.json.resourceType == 'OperationOutcome'
        !r.text.contains('MedicationStatement')

        cleanup:
        sql(ds, 'ALTER TABLE minlog_entry DROP CONSTRAINT ck_test_reject')
    }

    @Requires({ !TestApp.postgres() })
    def "journaled (H2): while the table refuses an entry, the log is not shown incomplete, and the entry arrives once it can"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "journal-${cpr}")
        DataSource ds = rejectLogEntriesOf(cpr)

        when: 'the entry is durable in the journal, so the card is served'
        Http.Response r = readCard(cpr)

        then:
        r.status == 200

        when: 'the table refuses it: a read of the log would miss it, so it is refused'
        Http.Response blocked = citizenLog(cpr)

        then:
        blocked.status == 503
        blocked.header('Retry-After') != null

        when:
        sql(ds, 'ALTER TABLE minlog_entry DROP CONSTRAINT ck_test_reject')
        Http.Response log = citizenLog(cpr)

        then:
        log.status == 200
        log.json.total == 1

        cleanup:
        sql(ds, 'ALTER TABLE minlog_entry DROP CONSTRAINT IF EXISTS ck_test_reject')
    }

    /** The log table refuses this citizen's entries until the constraint ck_test_reject is dropped again. */
    static DataSource rejectLogEntriesOf(String cpr) {
        DataSource ds = DelegatingDataSource.unwrapDataSource(TestApp.context().getBean(DataSource))
        sql(ds, "ALTER TABLE minlog_entry ADD CONSTRAINT ck_test_reject CHECK (citizen_cpr <> '${cpr}')")
        ds
    }

    static void sql(DataSource ds, String statement) {
        ds.connection.withCloseable { c -> c.createStatement().withCloseable { it.execute(statement) } }
    }
}
