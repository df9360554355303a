package dk.opennsp.it

import dk.opennsp.security.admission.AdmissionConfiguration
import dk.opennsp.security.admission.AdmissionFilter
import dk.opennsp.security.error.ErrorResponses
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import dk.opennsp.support.TestSts
import dk.opennsp.security.dgws.DgwsRequestWriter
import io.micronaut.http.HttpRequest
import io.micronaut.http.MutableHttpResponse
import io.micronaut.http.filter.ServerFilterChain
import org.reactivestreams.Publisher
import org.reactivestreams.Subscriber
import org.reactivestreams.Subscription

import static dk.opennsp.support.TestKeys.*

/** Admission control: per-client quotas (429) and the bounded in-flight bulkhead (503), both with Retry-After. */
class AdmissionSpec extends AppSpec {

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

    def "past workers + queue a request is refused at once with 503 + Retry-After; health, metrics and metadata still answer"() {
        given: 'a node with room for one request, which is taken'
        AdmissionFilter filter = new AdmissionFilter(new AdmissionConfiguration(workers: 1, queue: 0),
                TestApp.context().getBean(ErrorResponses))
        ServerFilterChain hanging = Mock { proceed(_) >> neverAnswers() }
        filter.doFilter(HttpRequest.GET('/fhir/MedicationStatement'), hanging).subscribe(ignore())

        when:
        MutableHttpResponse<?> fhir = first(filter.doFilter(HttpRequest.GET('/fhir/Condition'), hanging))
        MutableHttpResponse<?> soap = first(filter.doFilter(HttpRequest.POST('/soap/fmk', ''), hanging))

        then:
        fhir.status.code == 503
        fhir.header('Retry-After') == '1'
        new String(fhir.body() as byte[], 'UTF-8').contains('"transient"')
        soap.status.code == 503
        soap.header('Retry-After') == '1'
        new String(soap.body() as byte[], 'UTF-8').contains('>processing_problem</medcom:FaultCode>')

        and: 'the always-answered paths pass by the bulkhead'
        ['/health/readiness', '/health', '/prometheus', '/fhir/metadata'].every { path ->
            boolean passed = false
            ServerFilterChain chain = Mock { proceed(_) >> { passed = true; neverAnswers() } }
            filter.doFilter(HttpRequest.GET(path), chain)
            passed
        }
        filter.inFlight() == 1
    }

    def "a request's permit is given back when its response completes, fails or is cancelled"() {
        given:
        AdmissionFilter filter = new AdmissionFilter(new AdmissionConfiguration(workers: 1, queue: 0),
                TestApp.context().getBean(ErrorResponses))
        ServerFilterChain answers = Mock { proceed(_) >> io.micronaut.core.async.publisher.Publishers.just(io.micronaut.http.HttpResponse.ok()) }

        expect:
        (1..5).every { first(filter.doFilter(HttpRequest.GET('/fhir/Condition'), answers)).status.code == 200 }
        filter.inFlight() == 0
    }

    static Publisher<MutableHttpResponse<?>> neverAnswers() {
        { Subscriber s -> s.onSubscribe([request: { long n -> }, cancel: {}] as Subscription) } as Publisher
    }

    static Subscriber ignore() {
        [onSubscribe: { Subscription s -> s.request(1) }, onNext: {}, onError: {}, onComplete: {}] as Subscriber
    }

    static MutableHttpResponse<?> first(Publisher<MutableHttpResponse<?>> publisher) {
        MutableHttpResponse<?> result = null
        publisher.subscribe([onSubscribe: { Subscription s -> s.request(1) }, onNext: { result = it }, onError: { throw it }, onComplete: {}] as Subscriber)
        result
    }
}
