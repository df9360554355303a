package dk.opennsp.services.operations

import dk.opennsp.security.admission.AdmissionConfiguration
import dk.opennsp.security.admission.AdmissionControl
import dk.opennsp.security.error.ErrorResponses
import dk.opennsp.security.error.Refusals
import dk.opennsp.security.error.FhirCodec
import dk.opennsp.security.error.FhirResponses
import io.netty.buffer.Unpooled
import io.netty.channel.embedded.EmbeddedChannel
import io.netty.handler.codec.http.DefaultFullHttpRequest
import io.netty.handler.codec.http.DefaultFullHttpResponse
import io.netty.handler.codec.http.DefaultHttpContent
import io.netty.handler.codec.http.DefaultHttpRequest
import io.netty.handler.codec.http.DefaultLastHttpContent
import io.netty.handler.codec.http.FullHttpResponse
import io.netty.handler.codec.http.HttpMethod
import io.netty.handler.codec.http.HttpRequest
import io.netty.handler.codec.http.HttpResponseStatus
import io.netty.handler.codec.http.HttpVersion
import spock.lang.Specification

import java.nio.charset.StandardCharsets

/** Admission at the HTTP edge: one permit per request in flight, refusals at once, order and permits kept. */
class AdmissionHandlerSpec extends Specification {
    AdmissionControl admission = new AdmissionControl(new AdmissionConfiguration(workers: 1, queue: 1),
            new ErrorResponses(new FhirResponses(new FhirCodec()), new Refusals([])), new Refusals([]))

    EmbeddedChannel connection() {
        new EmbeddedChannel(new AdmissionHandler(admission))
    }

    /** Two connections whose requests hold both permits (workers 1 + queue 1). */
    List<EmbeddedChannel> fillTheNode() {
        (1..2).collect { n ->
            EmbeddedChannel busy = connection()
            busy.writeInbound(get("/fhir/MedicationStatement?busy=${n}"))
            busy
        }
    }

    static HttpRequest get(String uri) {
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri)
    }

    static FullHttpResponse ok() {
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK)
    }

    static String body(FullHttpResponse r) {
        r.content().toString(StandardCharsets.UTF_8)
    }

    def "while the queue stands (every request waits past queue-delay) the edge refuses before workers + queue is reached"() {
        given: '1 worker and up to 8 waiting; requests start work having waited 50 ms, ten times the 5 ms target'
        AdmissionControl standing = new AdmissionControl(new AdmissionConfiguration(workers: 1, queue: 8),
                new ErrorResponses(new FhirResponses(new FhirCodec()), new Refusals([])), new Refusals([]))
        long until = System.nanoTime() + 350_000_000L
        while (System.nanoTime() < until) {
            standing.workerStarted(50_000_000L)
            Thread.sleep(5)
        }

        when: 'requests arrive on separate connections and none is answered'
        List<Object> answers = (1..9).collect { n ->
            EmbeddedChannel c = new EmbeddedChannel(new AdmissionHandler(standing))
            c.writeInbound(get("/fhir/MedicationStatement?n=${n}"))
            c.readOutbound()
        }

        then: 'the bound was cut to its floor of one waiting per worker: two admitted, the rest 503 at once'
        standing.queueLimit() == 1
        standing.queueCuts() >= 1
        answers.take(2).every { it == null }
        answers.drop(2).every { it instanceof FullHttpResponse && it.status() == HttpResponseStatus.SERVICE_UNAVAILABLE }
    }

    def "past workers + queue a request is refused at once with 503, Retry-After and an OperationOutcome or DGWS fault"() {
        given: 'two connections hold the two permits'
        fillTheNode()
        EmbeddedChannel c = connection()

        when:
        c.writeInbound(get('/fhir/Condition'))
        FullHttpResponse fhir = c.readOutbound()
        c.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, '/soap/fmk', Unpooled.copiedBuffer('<x/>', StandardCharsets.UTF_8)))
        FullHttpResponse soap = c.readOutbound()

        then: 'the refused requests never reached the application'
        c.readInbound() == null
        fhir.status() == HttpResponseStatus.SERVICE_UNAVAILABLE
        fhir.headers().get('Retry-After') == '1'
        fhir.headers().get('Content-Type') == 'application/fhir+json'
        body(fhir).contains('"transient"')
        soap.status() == HttpResponseStatus.SERVICE_UNAVAILABLE
        soap.headers().get('Retry-After') == '1'
        body(soap).contains('>processing_problem</medcom:FaultCode>')
        admission.inFlight() == 2
    }

    def "health, metrics and the CapabilityStatement pass even when the node is full, and hold no permit"() {
        given:
        fillTheNode()
        EmbeddedChannel probe = connection()

        expect:
        ['/health/readiness', '/health', '/prometheus', '/fhir/metadata?_format=json'].every { path ->
            probe.writeInbound(get(path))
            boolean passed = probe.readInbound() != null
            probe.writeOutbound(ok())
            probe.readOutbound()
            passed
        }
        admission.inFlight() == 2
    }

    def "a permit is given back when the response is written, or when the connection closes"() {
        given:
        EmbeddedChannel a = connection()
        EmbeddedChannel b = connection()

        when: 'a request is answered'
        a.writeInbound(get('/fhir/Condition'))
        a.writeOutbound(ok())

        then:
        admission.inFlight() == 0

        when: 'a client goes away while its requests are in flight'
        b.writeInbound(get('/fhir/Condition'))
        b.writeInbound(get('/fhir/Condition'))
        b.close()

        then:
        admission.inFlight() == 0
    }

    def "a streamed request body of a refused request is discarded, and the next request on the connection is judged afresh"() {
        given:
        EmbeddedChannel a = fillTheNode()[0]
        EmbeddedChannel c = connection()

        when: 'a refused upload streams its body'
        c.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, '/api/minlog/registrations'))
        c.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer('{"entries":', StandardCharsets.UTF_8)))
        c.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer('[]}', StandardCharsets.UTF_8)))
        FullHttpResponse refused = c.readOutbound()
        a.writeOutbound(ok())
        c.writeInbound(get('/fhir/C'))

        then:
        refused.status() == HttpResponseStatus.SERVICE_UNAVAILABLE
        (c.readInbound() as HttpRequest).uri() == '/fhir/C'
        c.readInbound() == null
    }

    def "on a pipelined connection a refusal waits for the responses before it, so responses stay in order"() {
        given: 'one connection sends three requests at once; the node has room for two'
        EmbeddedChannel c = connection()
        c.writeInbound(get('/fhir/1'))
        c.writeInbound(get('/fhir/2'))
        c.writeInbound(get('/fhir/3'))

        expect: 'the third is not refused ahead of the first two'
        c.readOutbound() == null

        when:
        c.writeOutbound(ok())
        c.writeOutbound(ok())

        then:
        (c.readOutbound() as FullHttpResponse).status() == HttpResponseStatus.OK
        (c.readOutbound() as FullHttpResponse).status() == HttpResponseStatus.OK
        (c.readOutbound() as FullHttpResponse).status() == HttpResponseStatus.SERVICE_UNAVAILABLE
        admission.inFlight() == 0
    }
}
