package dk.opennsp.support

import groovy.json.JsonOutput
import groovy.json.JsonSlurper

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

/** A plain HTTP client for specs: every status comes back as data, nothing is thrown. */
class Http {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
    /** Where requests of this thread go when not to the shared application (see {@link #on}). */
    private static final ThreadLocal<String> BASE = new ThreadLocal<>()

    /** Runs the closure with this thread's requests sent to another node, e.g. an {@link AppProcess}. */
    static <T> T on(String baseUrl, Closure<T> work) {
        String previous = BASE.get()
        BASE.set(baseUrl)
        try {
            work()
        } finally {
            BASE.set(previous)
        }
    }

    static class Response {
        int status
        Map<String, List<String>> headers
        String text

        Object getJson() {
            text ? new JsonSlurper().parseText(text) : null
        }

        String header(String name) {
            headers.find { it.key.equalsIgnoreCase(name) }?.value?.first()
        }

        /** The resources of a FHIR searchset, without outcome entries. */
        List<Map> getMatches() {
            json.entry.findAll { it.search.mode == 'match' }*.resource
        }

        List<Map> getOutcomes() {
            json.entry.findAll { it.search.mode == 'outcome' }*.resource
        }
    }

    static String enc(String value) {
        URLEncoder.encode(value, 'UTF-8')
    }

    static Response get(String path, String token = null, Map<String, String> headers = [:]) {
        send('GET', path, token, null, headers)
    }

    static Response send(String method, String path, String token, Object body, Map<String, String> headers = [:]) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create((BASE.get() ?: TestApp.url()) + path)).timeout(Duration.ofSeconds(30))
        if (token) b.header('Authorization', "Bearer ${token}")
        String contentType = headers.remove('Content-Type') ?: 'application/json'
        headers.each { k, v -> b.header(k, v) }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody())
        } else {
            String text = body instanceof String ? body : JsonOutput.toJson(body)
            b.header('Content-Type', contentType).method(method, HttpRequest.BodyPublishers.ofString(text))
        }
        HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString())
        new Response(status: r.statusCode(), headers: r.headers().map(), text: r.body())
    }

    static String cardPath(String cpr) {
        "/fhir/MedicationStatement?patient.identifier=${enc('urn:oid:1.2.208.176.1.2|' + cpr)}"
    }
}
