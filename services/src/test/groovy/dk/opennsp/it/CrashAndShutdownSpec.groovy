package dk.opennsp.it

import dk.opennsp.sor.SorCode
import dk.opennsp.support.AppProcess
import dk.opennsp.support.TestApp
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise

import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.time.Instant
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger

import static dk.opennsp.support.TestKeys.*

/**
 * The bad days, with real processes on the suite's database (H2 file by default, PostgreSQL with
 * -Dopennsp.test.db=postgres): kill -9 under a write load loses nothing that was acknowledged, and
 * SIGTERM under load finishes every request already accepted.
 */
@Stepwise
class CrashAndShutdownSpec extends Specification {
    static final String HJERTEMEDICINSK = '100111000016009' // region Hovedstaden (1084)
    static final AtomicInteger SOR_ITEMS = new AtomicInteger(80000 + (int) (System.nanoTime() % 10000))

    @Shared Map<String, Object> database = TestApp.databaseProperties('crash', true)
    @Shared AppProcess app
    @Shared HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()

    def cleanupSpec() {
        if (app?.process?.alive) {
            app.kill()
        }
    }

    def "kill -9 under load: every served medicine card has its MinLog entry, every acknowledged write is there after restart"() {
        given: 'citizens with a medication each, and the writers of every kind'
        app = AppProcess.start('crash-1', database)
        List<String> readers = (1..3).collect { String.format('%010d', 4100000000L + (System.nanoTime() % 1000000L) * 100 + it) }
        readers.each { cpr -> assert putMedication(cpr).statusCode() in [200, 201] }
        String blockingCitizen = readers[0]
        String registrationCitizen = String.format('%010d', 4200000000L + (System.nanoTime() % 1000000L))

        Map<String, Integer> served = new ConcurrentHashMap<>()
        List<Long> blockings = new CopyOnWriteArrayList<>()
        List<String> units = new CopyOnWriteArrayList<>()
        AtomicInteger registered = new AtomicInteger()
        AtomicBoolean running = new AtomicBoolean(true)
        List<Thread> load = readers.collect { cpr ->
            worker(running) {
                def r = send('GET', "/fhir/MedicationStatement?patient.identifier=${enc('urn:oid:1.2.208.176.1.2|' + cpr)}", token(professional()))
                if (r.statusCode() == 200 && r.body().contains('"MedicationStatement"')) {
                    served.merge(cpr, 1, Integer::sum)
                }
            }
        }
        String citizenToken = token(citizen(blockingCitizen))
        load << worker(running) {
            String target = String.format('%010d', 5000000000L + Math.abs(new Random().nextInt(999999999)))
            def r = send('POST', '/api/citizen/blockings', citizenToken, [kind: 'PROFESSIONAL', target: target])
            if (r.statusCode() == 201) {
                blockings << (new JsonSlurper().parseText(r.body()).id as Long)
            }
        }
        String adminToken = token([user_type: 'sor_admin', region_code: '1084', given_name: 'Crash', family_name: 'Admin'])
        load << worker(running) {
            String code = SorCode.danish(SOR_ITEMS.incrementAndGet())
            def r = send('POST', '/api/sor/units', adminToken, [sorCode: code, parentSorCode: HJERTEMEDICINSK,
                                                               name: "Crashafsnit ${code}".toString(), unitType: 'Afsnit', fromDate: '2026-01-01'])
            if (r.statusCode() == 201) {
                units << code
            }
        }
        String systemToken = token(system())
        AtomicInteger batch = new AtomicInteger()
        load << worker(running) {
            int b = batch.incrementAndGet()
            List<Map> entries = (1..10).collect { i ->
                [systemName: 'Crashtest', activity: 'Opslag', dateTime: Instant.now().minusSeconds(60).toString(),
                 organisation: [id: HJERTEMEDICINSK, source: 'SOR', name: 'Hjertemedicinsk Klinik'],
                 person: [id: registrationCitizen, source: 'CPR'], correlationId: "crash-${b}".toString(), sequenceNumber: "${i}".toString(),
                 user: [id: 'C0001', source: 'Autorisation', name: 'Crash Doctor', role: 'Læge']]
            }
            def r = send('POST', '/api/minlog/registrations', systemToken, [entries: entries])
            if (r.statusCode() == 200) {
                registered.addAndGet(new JsonSlurper().parseText(r.body()).numberAdded as int)
            }
        }

        when: 'the node is killed while all of them are writing'
        load*.start()
        Thread.sleep(4000)
        app.kill()
        running.set(false)
        load*.join(10000)
        // the restarted node is also the one the SIGTERM feature stops: it keeps serving 1 s after saying DOWN
        app = AppProcess.start('crash-2', database, ['opennsp.shutdown.readiness-delay': '1s'])
        println "kill -9 under load (${TestApp.postgres() ? 'PostgreSQL' : 'H2'}): acknowledged before the kill: " +
                "${served.values().sum()} served medicine cards, ${blockings.size()} blockings, ${units.size()} SOR units, ${registered.get()} MinLog registrations"

        then: 'the load really ran'
        served.values().sum() > 50
        blockings.size() > 5
        units.size() > 5
        registered.get() > 20

        and: 'each served medicine card left its log entry'
        readers.every { cpr -> logTotal(cpr) >= (served[cpr] ?: 0) }

        and: 'every acknowledged blocking, SOR unit and MinLog registration survived'
        def listed = new JsonSlurper().parseText(send('GET', '/api/citizen/blockings', citizenToken).body())*.id.collect { it as Long } as Set
        listed.containsAll(blockings)
        units.every { code -> send('GET', "/api/sor/units/${code}", adminToken).statusCode() == 200 }
        logTotal(registrationCitizen) >= registered.get()
    }

    def "SIGTERM under load: readiness goes DOWN, accepted requests finish, none gets a reset or a 5xx"() {
        given: 'clients reading medicine cards and uploading MinLog batches on fresh connections'
        String cpr = String.format('%010d', 4300000000L + (System.nanoTime() % 1000000L))
        assert putMedication(cpr).statusCode() in [200, 201]
        String professionalToken = token(professional())
        String systemToken = token(system())
        String bulk = JsonOutput.toJson([entries: (1..400).collect { i ->
            [systemName: 'Shutdowntest', activity: 'Opslag', dateTime: Instant.now().minusSeconds(60).toString(),
             organisation: [id: HJERTEMEDICINSK, source: 'SOR', name: 'Hjertemedicinsk Klinik'],
             person: [id: cpr, source: 'CPR'], user: [id: 'C0001', source: 'Autorisation', name: 'Shutdown Doctor', role: 'Læge']]
        }])
        List<Map> outcomes = new CopyOnWriteArrayList<>()
        AtomicBoolean running = new AtomicBoolean(true)
        long[] signalAt = [Long.MAX_VALUE]
        List<Thread> load = (1..6).collect { n ->
            worker(running) {
                boolean upload = n <= 2
                long started = System.nanoTime()
                Map outcome = RawHttp.exchange(app.port, upload ? 'POST' : 'GET',
                        upload ? '/api/minlog/registrations' : "/fhir/MedicationStatement?patient.identifier=${enc('urn:oid:1.2.208.176.1.2|' + cpr)}",
                        upload ? systemToken : professionalToken, upload ? bulk : null)
                outcome.started = started
                outcomes << outcome
                if (outcome.refused) {
                    Thread.sleep(20)
                }
            }
        }

        when:
        load*.start()
        Thread.sleep(2500)
        signalAt[0] = System.nanoTime()
        app.process.destroy() // SIGTERM
        Thread.sleep(300)
        Integer readinessDuringDrain = RawHttp.exchange(app.port, 'GET', '/health/readiness', null, null).status
        int exit = app.terminate(Duration.ofSeconds(40), false)
        running.set(false)
        load*.join(10000)
        List<Map> before = outcomes.findAll { it.started < signalAt[0] }
        println "SIGTERM under load: ${before.size()} requests sent before the signal, all answered: ${before.countBy { it.status }}; " +
                "after it: ${outcomes.findAll { it.started >= signalAt[0] }.countBy { it.status ?: (it.refused ? 'refused' : 'reset') }}"

        then: 'plenty of requests were in flight when the signal came'
        before.size() > 20

        and: 'everything sent before the signal was answered, and nothing anywhere with a 5xx'
        before.every { it.status != null && it.status < 500 }
        outcomes.every { it.status == null || it.status < 500 }
        outcomes.findAll { it.started >= signalAt[0] }.every { it.status != null || it.refused || it.reset }

        and: 'the node said DOWN at once, while it still served, and exited cleanly'
        readinessDuringDrain == 503
        exit in [0, 143]
    }

    HttpResponse<String> send(String method, String path, String bearer, Object body = null) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url(path))).timeout(Duration.ofSeconds(20))
        if (bearer) b.header('Authorization', "Bearer ${bearer}")
        b.header('Content-Type', 'application/json')
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JsonOutput.toJson(body)))
        client.send(b.build(), HttpResponse.BodyHandlers.ofString())
    }

    HttpResponse<String> putMedication(String cpr) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(app.url("/fhir/MedicationStatement?identifier=${enc('urn:oid:1.2.208.176.1.5.1|crash-' + cpr)}")))
                .header('Authorization', "Bearer ${token(system())}").header('Content-Type', 'application/fhir+json')
                .PUT(HttpRequest.BodyPublishers.ofString(JsonOutput.toJson(AppSpecResources.medication(cpr)))).build()
        client.send(request, HttpResponse.BodyHandlers.ofString())
    }

    int logTotal(String cpr) {
        new JsonSlurper().parseText(send('GET', '/api/citizen/minlog?size=1', token(citizen(cpr))).body()).total as int
    }

    static String enc(String value) {
        URLEncoder.encode(value, 'UTF-8')
    }

    /** Runs the body until stopped; a failed connection (the node is gone) ends nothing but that attempt. */
    static Thread worker(AtomicBoolean running, Closure body) {
        new Thread({
            while (running.get()) {
                try {
                    body()
                } catch (IOException | InterruptedException ignored) {
                    Thread.sleep(10)
                }
            }
        })
    }

    /** The medication a producer writes (a minimal valid FHIR MedicationStatement). */
    static class AppSpecResources {
        static Map medication(String cpr) {
            [resourceType             : 'MedicationStatement', status: 'active',
             medicationCodeableConcept: [coding: [[system: 'http://www.whocc.no/atc', code: 'N02BE01', display: 'Paracetamol']], text: 'Paracetamol'],
             subject                  : [identifier: [system: 'urn:oid:1.2.208.176.1.2', value: cpr]],
             effectivePeriod          : [start: '2026-01-01'], dosage: [[text: '1 tablet dagligt']]]
        }
    }

    /**
     * One request on its own connection ({@code Connection: close}), telling apart: refused (never
     * accepted), reset (accepted, then cut off without an answer) and answered (with its status).
     */
    static class RawHttp {
        static Map exchange(int port, String method, String path, String bearer, String body) {
            Socket socket = new Socket()
            try {
                socket.connect(new InetSocketAddress('localhost', port), 2000)
            } catch (IOException e) {
                return [refused: true, status: null]
            }
            try {
                socket.soTimeout = 40000
                byte[] payload = body == null ? new byte[0] : body.getBytes('UTF-8')
                StringBuilder head = new StringBuilder("${method} ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
                if (bearer) head.append("Authorization: Bearer ${bearer}\r\n")
                if (body != null) head.append("Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n")
                head.append('\r\n')
                socket.outputStream.write(head.toString().getBytes('ISO-8859-1'))
                socket.outputStream.write(payload)
                socket.outputStream.flush()
                String statusLine = new BufferedReader(new InputStreamReader(socket.inputStream, 'ISO-8859-1')).readLine()
                if (statusLine == null) {
                    return [reset: true, status: null]
                }
                return [status: statusLine.split(' ')[1] as Integer]
            } catch (IOException e) {
                return [reset: true, status: null, error: e.toString()]
            } finally {
                socket.close()
            }
        }
    }
}
