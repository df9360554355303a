package dk.opennsp.it

import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import io.micronaut.runtime.server.EmbeddedServer
import spock.lang.Specification

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

import static dk.opennsp.support.TestKeys.*

/** A second application of its own (dev mode off) on a database that outlives it. */
class PersistenceRestartSpec extends Specification {

    def "data written before a restart is there after it, and dev endpoints are off by default"() {
        given:
        Map db = TestApp.databaseProperties('restart', true)
        String cpr = '0909090909'
        EmbeddedServer first = TestApp.start(db, ['opennsp.dev-mode': false])

        when:
        int created = send(first, 'PUT', "/fhir/MedicationStatement?identifier=${Http.enc('urn:x|restart')}", token(system()),
                groovy.json.JsonOutput.toJson([resourceType: 'MedicationStatement', status: 'active', subject: [identifier: [system: 'urn:oid:1.2.208.176.1.2', value: cpr]],
                                               medicationCodeableConcept: [coding: [[system: 'http://www.whocc.no/atc', code: 'N02BE01']], text: 'Paracetamol']])).statusCode()
        int read = send(first, 'GET', Http.cardPath(cpr), token(professional()), null).statusCode()
        int devToken = send(first, 'POST', '/dev/token', null, '{"identity":"doctor-karl"}').statusCode()
        first.stop()
        EmbeddedServer second = TestApp.start(db, ['opennsp.dev-mode': false])
        String card = send(second, 'GET', Http.cardPath(cpr), token(professional()), null).body()
        String log = send(second, 'GET', '/api/citizen/minlog', token(citizen(cpr)), null).body()

        then:
        created == 201
        read == 200
        devToken == 404
        card.contains('Paracetamol')
        new groovy.json.JsonSlurper().parseText(log).total == 2

        cleanup:
        second?.stop()
    }

    static HttpResponse<String> send(EmbeddedServer server, String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:${server.port}${path}"))
        if (token) b.header('Authorization', "Bearer ${token}")
        b.header('Content-Type', 'application/fhir+json')
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString())
    }
}
