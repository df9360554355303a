package dk.opennsp.it

import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.read.ListAppender
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import org.slf4j.LoggerFactory

import static dk.opennsp.support.TestKeys.professional
import static dk.opennsp.support.TestKeys.system
import static dk.opennsp.support.TestKeys.token
import static dk.opennsp.support.TestSts.*

/** Following a request through the logs, and latency an operator can take percentiles of. */
class ObservabilitySpec extends AppSpec {

    def "a sane X-Request-ID is kept and returned; a missing or unsafe one is replaced by a fresh id"() {
        when:
        Http.Response r = Http.get('/fhir/metadata', null, given == null ? [:] : ['X-Request-ID': given])

        then:
        r.status == 200
        kept ? r.header('X-Request-ID') == given : r.header('X-Request-ID') ==~ /[0-9a-f-]{36}/

        where:
        given                       | kept
        'lb-7f3a.91:2'              | true
        null                        | false
        'x' * 65                    | false
        'a b'                       | false
        'evil%0d%0aSet-Cookie:x'    | false
    }

    def "log lines written while a request is handled carry its id, also on other threads"() {
        given:
        Logger audit = (Logger) LoggerFactory.getLogger('opennsp.audit')
        ListAppender<ILoggingEvent> captured = new ListAppender<>()
        captured.start()
        audit.addAppender(captured)

        when:
        Http.Response r = Http.send('POST', '/api/consent/user-check', token(system()),
                [cpr: newCpr(), user: [authorizationCode: 'T0001']], ['X-Request-ID': 'trace-consent-1'])

        then:
        r.status == 200
        captured.list.any { it.MDCPropertyMap['requestId'] == 'trace-consent-1' }

        cleanup:
        audit.detachAppender(captured)
    }

    static final String AUDITOR = token([user_type: 'minlog_admin', given_name: 'Anna', family_name: 'Auditor', sub: 'auditor-anna'])

    def "the MinLog entry a lookup causes carries the request's id as its correlation id, over FHIR and over SOAP"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "obs-${cpr}")

        when:
        Http.Response fhir = readCard(cpr, professional(), ['X-Request-ID': "fhir-${cpr}".toString()])
        Http.Response soap = Http.send('POST', '/soap/fmk', null, request(cpr), ['Content-Type': 'text/xml; charset=utf-8',
                'X-Request-ID': "soap-${cpr}".toString()])
        Http.Response anonymous = readCard(cpr)
        List<String> correlations = Http.get("/api/minlog/audit?cpr=${cpr}", AUDITOR).json.entries*.correlationId

        then:
        [fhir, soap, anonymous]*.status == [200, 200, 200]
        correlations.size() == 3
        correlations.containsAll(["fhir-${cpr}".toString(), "soap-${cpr}".toString(), anonymous.header('X-Request-ID')])
    }

    def "request latency is a histogram per endpoint, so p95 and p99 can be derived"() {
        given:
        Http.get('/fhir/metadata')

        when:
        String metrics = Http.get('/prometheus').text

        then:
        metrics.contains('http_server_requests_seconds_bucket{')
        metrics.find(/http_server_requests_seconds_bucket\{[^}]*uri="\/fhir\/metadata"[^}]*le="[0-9.]+"/)
    }

    /** The value of one Prometheus sample: the metric name and every given label must match; 0 when absent. */
    static double sample(String metrics, String name, Map<String, String> labels = [:]) {
        def line = metrics.readLines().find { l ->
            (l.startsWith(name + '{') || l.startsWith(name + ' ')) && labels.every { k, v -> l.contains("${k}=\"${v}\"") }
        }
        line == null ? 0 : Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))
    }

    def "refusals are counted by channel, status and reason; SOAP latency by service, operation and outcome"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "metrics-${cpr}")
        String before = Http.get('/prometheus').text

        when:
        assert post(request(cpr)).status == 200
        assert post(request(cpr, card([:], EXPIRED_CERT))).status == 500
        assert Http.get("/fhir/MedicationStatement?patient.identifier=${Http.enc('urn:oid:1.2.208.176.1.2|' + cpr)}").status == 401
        String after = Http.get('/prometheus').text

        then: 'one more of each refusal'
        Map<String, String> fault = [channel: 'soap', reason: 'invalid_certificate', status: '500']
        Map<String, String> login = [channel: 'rest', reason: 'login', status: '401']
        sample(after, 'opennsp_refused_total', fault) == sample(before, 'opennsp_refused_total', fault) + 1
        sample(after, 'opennsp_refused_total', login) == sample(before, 'opennsp_refused_total', login) + 1

        and: 'the SOAP calls in a latency histogram per operation and outcome'
        Map<String, String> ok = [operation: 'GetMedicineCard', outcome: 'ok', service: 'fmk']
        sample(after, 'opennsp_soap_requests_seconds_count', ok) >= sample(before, 'opennsp_soap_requests_seconds_count', ok) + 1
        sample(after, 'opennsp_soap_requests_seconds_bucket', ok + [le: '+Inf']) >= 1
        sample(after, 'opennsp_soap_requests_seconds_count', [service: 'fmk', outcome: 'invalid_certificate']) >= 1
    }

    def "the platform's own parts are visible: MinLog queue and commits, blocking index, ID-card cache, SOR tree"() {
        given: 'a lookup (a MinLog commit) and a blocking'
        String cpr = newCpr()
        putMedication(cpr, "parts-${cpr}")
        assert readCard(cpr).status == 200
        assert Http.send('POST', '/api/citizen/blockings', token(dk.opennsp.support.TestKeys.citizen(cpr)),
                [kind: 'PROFESSIONAL', target: 'ZZ999']).status == 201
        String card = card()
        2.times { assert post(request(cpr, card)).status == 200 }

        when:
        String metrics = Http.get('/prometheus').text

        then:
        metrics.contains('opennsp_minlog_queue_depth ')
        sample(metrics, 'opennsp_minlog_commit_seconds_count', [outcome: 'committed']) >= 1
        sample(metrics, 'opennsp_minlog_commit_seconds_bucket', [outcome: 'committed', le: '+Inf']) >= 1
        sample(metrics, 'opennsp_minlog_commit_wait_seconds_count') >= 1
        sample(metrics, 'opennsp_minspaerring_index_registrations') >= 1
        sample(metrics, 'opennsp_minspaerring_index_age_seconds') >= 0
        sample(metrics, 'opennsp_minspaerring_index_age_seconds') < 60
        sample(metrics, 'opennsp_dgws_idcard_cache_hits_total') >= 1
        sample(metrics, 'opennsp_dgws_idcard_validations_total') >= 1
        sample(metrics, 'opennsp_dgws_idcard_cache_hit_ratio') > 0
        sample(metrics, 'opennsp_sor_tree_size') > 100
    }
}
