package dk.opennsp.it

import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http

import static dk.opennsp.support.TestKeys.*

class OperabilitySpec extends AppSpec {

    def "readiness and health say UP/DOWN only: no JDBC URL, disk sizes or component details for anonymous callers"() {
        when:
        Http.Response r = Http.get('/health/readiness')
        Http.Response health = Http.get('/health')

        then:
        r.status == 200
        r.json == [status: 'UP']
        health.json == [status: 'UP']
        !health.text.contains('jdbc')
        Http.get('/health/liveness').status == 200
    }

    def "metrics, OpenAPI and Swagger UI are served"() {
        expect:
        Http.get('/prometheus').text.contains('jvm_memory_used_bytes')
        ['opennsp_admission_in_flight', 'opennsp_admission_refused_total', 'opennsp_rate_limited_total',
         'opennsp_data_store_circuit_open', 'opennsp_ready 1.0'].every { Http.get('/prometheus').text.contains(it) }
        Http.get('/openapi/opennsp-0.1.yml').text.contains('/fhir/MedicationStatement')
        Http.get('/swagger-ui/index.html').status == 200
    }

    def "the CapabilityStatement names the medicine card, appointments and the diagnosis card"() {
        when:
        Map cs = Http.get('/fhir/metadata').json

        then:
        cs.resourceType == 'CapabilityStatement'
        cs.fhirVersion == '4.0.1'
        ['MedicationStatement', 'Appointment', 'Condition'].every { t -> cs.rest[0].resource.find { it.type == t }.conditionalUpdate == true }
    }

    def "unknown paths and wrong methods get OperationOutcomes, not stack traces"() {
        when:
        Http.Response notFound = Http.get('/fhir/Nothing', token(professional()))
        Http.Response wrongMethod = Http.send('DELETE', '/fhir/MedicationStatement', token(professional()), null)
        Http.Response wrongType = Http.send('PUT', "/fhir/MedicationStatement?identifier=${Http.enc('urn:x|1')}",
                token(system()), 'text', ['Content-Type': 'text/plain'])

        then:
        notFound.status == 404
        notFound.json.resourceType == 'OperationOutcome'
        wrongMethod.status == 405
        wrongMethod.json.resourceType == 'OperationOutcome'
        wrongType.status == 415
        wrongType.json.resourceType == 'OperationOutcome'
    }

    def "dev mode mints tokens for the demo identities and seeds their data"() {
        when:
        Http.Response minted = Http.send('POST', '/dev/token', null, [identity: 'doctor-karl'])
        Http.Response card = Http.get(Http.cardPath('0101901111'), minted.json.access_token)

        then:
        minted.status == 200
        minted.json.token_type == 'Bearer'
        card.matches.size() == 3

        and: 'the demo blocking of doctor-hans by citizen-lise is in force'
        Http.get(Http.cardPath('2406703333'), Http.send('POST', '/dev/token', null, [identity: 'doctor-hans']).json.access_token)
                .outcomes[0].issue[0].code == 'suppressed'

        and:
        Http.send('POST', '/dev/token', null, [identity: 'nobody']).status == 400
        Http.get('/dev/identities').json*.id.contains('citizen-nancy')
    }
}
