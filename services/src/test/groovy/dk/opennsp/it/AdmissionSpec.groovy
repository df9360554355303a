package dk.opennsp.it

import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestSts
import dk.opennsp.security.dgws.DgwsRequestWriter
import dk.opennsp.security.admission.AdmissionConfiguration
import dk.opennsp.support.TestApp
import io.micronaut.inject.qualifiers.Qualifiers
import io.micronaut.scheduling.TaskExecutors

import java.util.concurrent.ExecutorService

import static dk.opennsp.support.TestKeys.*

/** Per-client quotas: 429 with Retry-After over both token models (the in-flight bulkhead: AdmissionHandlerSpec). */
class AdmissionSpec extends AppSpec {

    def "the request executor has as many threads as admission control counts workers, sized for the node's cores and database"() {
        given:
        def context = TestApp.context()
        AdmissionConfiguration admission = context.getBean(AdmissionConfiguration)
        boolean remote = !context.getRequiredProperty('datasources.default.url', String).startsWith('jdbc:h2:')
        ExecutorService executor = context.getBean(ExecutorService, Qualifiers.byName(TaskExecutors.BLOCKING))

        expect: 'nothing configured in the tests: 2 workers a core on H2, 8 on PostgreSQL'
        admission.workers == Runtime.runtime.availableProcessors() * (remote ? 8 : 2)
        admission.workers == new AdmissionConfiguration().sized(Runtime.runtime.availableProcessors(), remote)

        and: 'the executor runs exactly that many requests at once'
        poolSize(executor) == admission.workers
    }

    def "each request's wait for a worker is measured, and a calm node's queue keeps its configured depth"() {
        given:
        double before = metric('opennsp_admission_queue_wait_seconds_count')

        when: 'after a pause longer than the 100 ms interval (whatever the specs before did), a few lookups'
        Thread.sleep(250)
        3.times { assert Http.get(Http.cardPath(newCpr()), token(professional())).status == 200 }

        then: 'the timer counted them (the executor that runs requests is the timed one)'
        metric('opennsp_admission_queue_wait_seconds_count') >= before + 3

        and: 'no standing queue here: the bound is the whole queue'
        metric('opennsp_admission_queue_limit') == TestApp.context().getBean(AdmissionConfiguration).queue
    }

    private static double metric(String name) {
        String line = Http.get('/prometheus').text.readLines().find { it.startsWith(name + ' ') }
        assert line != null: "no $name on /prometheus"
        return line.substring(name.length() + 1) as double
    }

    /** The fixed pool's size (Micronaut may hand out the pool wrapped for context propagation). */
    private static int poolSize(ExecutorService executor) {
        if (executor instanceof java.util.concurrent.ThreadPoolExecutor) {
            return executor.maximumPoolSize
        }
        def inner = executor.class.declaredFields.find { ExecutorService.isAssignableFrom(it.type) }
        assert inner != null: "cannot see the pool behind ${executor.class}"
        inner.accessible = true
        return poolSize(inner.get(executor) as ExecutorService)
    }

    def "a JWT client past its quota gets 429 with Retry-After; other clients are not affected"() {
        given: 'a client whose quota is 3 requests a second (TestApp configures it)'
        String limited = token(system(it_system: 'Quota Test'))
        String other = token(professional())

        when:
        List<Http.Response> burst = (1..10).collect { Http.send('POST', '/api/consent/user-check', limited, [cpr: newCpr(), user: [authorizationCode: 'C1A23']]) }

        then:
        burst.count { it.status == 429 } >= 5
        burst.find { it.status == 429 }.header('Retry-After') ==~ /\d+/
        burst.find { it.status == 429 }.json.issue[0].code == 'throttled'
        Http.get(Http.cardPath(newCpr()), other).status == 200
    }

    def "a DGWS client past its quota gets a processing_problem fault with HTTP 429 and Retry-After"() {
        given: 'a system card of the client whose quota is 3 a second'
        String card = TestSts.systemCard('Quota DGWS', '12345678')
        String body = '<ConsentForUserCheckRequest xmlns="urn:opennsp:patient:1.0"><PersonIdentifier source="CPR">' + newCpr() +
                '</PersonIdentifier><User><AuthorisationIdentifier>C1A23</AuthorisationIdentifier></User></ConsentForUserCheckRequest>'

        when:
        List<Http.Response> burst = (1..10).collect { TestSts.post(DgwsRequestWriter.envelope(card, 3, [:], body), '/soap/consent') }
        Http.Response refused = burst.find { it.status == 429 }

        then:
        burst.count { it.status == 429 } >= 5
        refused.header('Retry-After') ==~ /\d+/
        refused.text.contains('>processing_problem</medcom:FaultCode>')
    }

    def "an HSUID header naming another unit does not give a DGWS client a fresh quota"() {
        given: 'user cards of the limited system (quota 3 a second), each request naming a different HSUID unit'
        String card = TestSts.card(system: 'Quota DGWS', provider: '12345678')
        List<String> units = ['100111000016009', '100101000016007', '100201000016000', '100211000016003', '100301000016009',
                              '100111000016009', '100101000016007', '100201000016000', '100211000016003', '100301000016009']

        when:
        List<Http.Response> burst = units.collect { unit ->
            String cpr = newCpr()
            TestSts.post(TestSts.request(cpr, card, TestSts.hsuid(cpr, ['nsi:OrgUsingID': unit])))
        }

        then:
        burst.count { it.status == 429 } >= 5
    }
}
