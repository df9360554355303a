package dk.opennsp.it

import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.read.ListAppender
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import org.slf4j.LoggerFactory

import static dk.opennsp.support.TestKeys.system
import static dk.opennsp.support.TestKeys.token

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

    def "request latency is a histogram per endpoint, so p95 and p99 can be derived"() {
        given:
        Http.get('/fhir/metadata')

        when:
        String metrics = Http.get('/prometheus').text

        then:
        metrics.contains('http_server_requests_seconds_bucket{')
        metrics.find(/http_server_requests_seconds_bucket\{[^}]*uri="\/fhir\/metadata"[^}]*le="[0-9.]+"/)
    }
}
