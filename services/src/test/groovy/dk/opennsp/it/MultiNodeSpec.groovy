package dk.opennsp.it

import dk.opennsp.services.dev.DevData
import dk.opennsp.support.AppProcess
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

import java.sql.DriverManager
import java.time.Instant
import java.time.OffsetDateTime
import java.util.concurrent.Callable
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

import static dk.opennsp.it.SorSpec.sorAdmin
import static dk.opennsp.it.SorSpec.unit
import static dk.opennsp.support.TestKeys.*

/**
 * Two real application processes on one PostgreSQL schema, started together on an empty database:
 * what one node writes, the other honours within a second; the database, not a JVM, decides SOR writes;
 * a delta-sync client polling both nodes while both write misses nothing.
 */
@Requires({ TestApp.postgres() })
class MultiNodeSpec extends Specification {
    static final String SCHEMA = 'nodes'
    static final long PROPAGATION_LIMIT_MS = 1000

    @Shared AppProcess a
    @Shared AppProcess b
    @Shared String admin = token(sorAdmin('1084'))
    @Shared String reader = token(professional())

    def setupSpec() {
        Map<String, Object> database = TestApp.databaseProperties(SCHEMA, true)
        def pool = Executors.newFixedThreadPool(2)
        try {
            // no fixed base URL: behind a load balancer, links follow the address the client called
            Map<String, Object> behindBalancer = ['opennsp.fhir.base-url': '']
            def starting = ['node-a', 'node-b'].collect { name ->
                pool.submit({ AppProcess.start(name, database, behindBalancer) } as Callable<AppProcess>)
            }
            a = starting[0].get(180, TimeUnit.SECONDS)
            b = starting[1].get(180, TimeUnit.SECONDS)
        } finally {
            pool.shutdown()
        }
    }

    def cleanupSpec() {
        [a, b].findAll { it != null }.each { it.terminate(java.time.Duration.ofSeconds(60)) }
    }

    static <T> T on(AppProcess node, Closure<T> work) {
        Http.on(node.url(''), work)
    }

    def 'two nodes started together on an empty database both come up and seed the demo data once'() {
        expect: 'both answered readiness (setupSpec), and the demo data exists exactly once'
        sql("SELECT COUNT(*) FROM blocking WHERE created_by = 'dev-seeder'") == 1
        sql("SELECT COUNT(*) FROM sor_change WHERE changed_by = 'dev-seeder'") == sql('SELECT COUNT(*) FROM sor_organisation')

        and: 'a dev token minted by one node is accepted by the other (one key, created once)'
        String minted = on(a) { Http.send('POST', '/dev/token', null, [identity: 'doctor-karl']).json.access_token }
        on(b) { Http.get(Http.cardPath(DevData.NANCY), minted).status } == 200
    }

    def 'behind a load balancer, links name the address the client called, whichever node answers'() {
        when:
        def direct = on(a) { Http.get('/fhir/Organization?name=rigshospitalet', reader) }
        def forwarded = [a, b].collect { node ->
            on(node) { Http.get('/fhir/Organization?name=rigshospitalet', reader, ['X-Forwarded-Host': 'nsp.example.dk', 'X-Forwarded-Proto': 'https']) }
        }

        then:
        direct.json.entry[0].fullUrl.startsWith("http://localhost:${a.port}/fhir/Organization/")
        forwarded.every { it.json.entry[0].fullUrl.startsWith('https://nsp.example.dk/fhir/Organization/') }
    }

    def 'a blocking created on A is honoured by B within 1 s, every one of 20 times; ending it likewise'() {
        when:
        List<Long> blockMillis = []
        List<Long> endMillis = []
        20.times { i ->
            String cpr = AppSpec.newCpr()
            assert on(a) { AppSpec.putMedication(cpr, "node-${cpr}").status } in [200, 201]
            assert on(b) { AppSpec.readCard(cpr).matches.size() } == 1
            Http.Response created = on(a) { Http.send('POST', '/api/citizen/blockings', token(citizen(cpr)),
                    [kind: 'PROFESSIONAL', target: 'T0001']) }
            assert created.status == 201
            blockMillis << millisUntil { on(b) { AppSpec.readCard(cpr) }.matches.isEmpty() }
            if (i % 4 == 0) {
                assert on(a) { Http.send('DELETE', "/api/citizen/blockings/${created.json.id}", token(citizen(cpr)), null).status } in [200, 204]
                endMillis << millisUntil { on(b) { AppSpec.readCard(cpr) }.matches.size() == 1 }
            }
        }
        println "blocking A->B propagation ms: ${blockMillis}; ending: ${endMillis}"

        then:
        blockMillis.size() == 20
        blockMillis.every { it < PROPAGATION_LIMIT_MS }
        endMillis.every { it < PROPAGATION_LIMIT_MS }
    }

    def 'an SOR edit on A is served by B within 1 s, with the new ETag, so an edit through B is not refused'() {
        given:
        Map body = unit(DevData.RIGSHOSPITALET)
        String code = body.sorCode
        assert on(a) { Http.send('POST', '/api/sor/units', admin, body).status } == 201
        assert millisUntil { on(b) { Http.get("/fhir/Organization/${code}", reader).status } == 200 } < PROPAGATION_LIMIT_MS

        when:
        List<Long> millis = (2..6).collect { version ->
            String name = "Omdøbt på A ${version}"
            def put = on(a) { Http.send('PUT', "/api/sor/units/${code}", admin, body + [name: name], ['If-Match': "W/\"${version - 1}\""]) }
            assert put.status == 200
            millisUntil { on(b) { Http.get("/fhir/Organization/${code}", reader) }.json.name == name }
        }
        println "SOR edit A->B propagation ms: ${millis}"
        def onB = on(b) { Http.get("/fhir/Organization/${code}", reader) }
        def editOnB = on(b) { Http.send('PUT', "/api/sor/units/${code}", admin, body + [name: 'Omdøbt på B'], ['If-Match': onB.header('ETag')]) }

        then:
        millis.every { it < PROPAGATION_LIMIT_MS }
        onB.header('ETag') == 'W/"6"'
        editOnB.status == 200
        millisUntil { on(a) { Http.get("/fhir/Organization/${code}", reader) }.json.name == 'Omdøbt på B' } < PROPAGATION_LIMIT_MS
    }

    def 'crossed moves on A and B at the same moment cannot make a cycle: one is refused'() {
        when:
        List<List<Integer>> outcomes = (1..5).collect {
            Map x = unit(DevData.RIGSHOSPITALET)
            Map y = unit(DevData.RIGSHOSPITALET)
            assert on(a) { Http.send('POST', '/api/sor/units', admin, x).status } == 201
            assert on(a) { Http.send('POST', '/api/sor/units', admin, y).status } == 201
            // the race is between two moves, not between a create on A and B learning of it
            assert millisUntil { [x.sorCode, y.sorCode].every { code -> on(b) { Http.get("/fhir/Organization/${code}", reader) }.status == 200 } } < PROPAGATION_LIMIT_MS
            CountDownLatch go = new CountDownLatch(1)
            def pool = Executors.newFixedThreadPool(2)
            try {
                def xUnderY = pool.submit({ go.await(); on(a) { move(x.sorCode, y.sorCode) } } as Callable<Integer>)
                def yUnderX = pool.submit({ go.await(); on(b) { move(y.sorCode, x.sorCode) } } as Callable<Integer>)
                go.countDown()
                List<Integer> statuses = [xUnderY.get(30, TimeUnit.SECONDS), yUnderX.get(30, TimeUnit.SECONDS)].sort()
                // and within a second both nodes serve the same tree, so they judge blockings alike
                assert millisUntil { [x.sorCode, y.sorCode].every { code -> parentOn(a, code) == parentOn(b, code) } } < PROPAGATION_LIMIT_MS
                statuses
            } finally {
                pool.shutdown()
            }
        }
        println "crossed moves (status pairs): ${outcomes}"

        then: 'every time exactly one move wins and the other is refused as a cycle'
        outcomes.every { it == [200, 422] }

        and: 'the stored tree has no cycle'
        sql('''WITH RECURSIVE up(start_code, code, depth) AS (
                   SELECT sor_code, parent_sor_code, 1 FROM sor_organisation WHERE parent_sor_code IS NOT NULL
                   UNION ALL
                   SELECT up.start_code, o.parent_sor_code, up.depth + 1 FROM up JOIN sor_organisation o ON o.sor_code = up.code
                   WHERE o.parent_sor_code IS NOT NULL AND up.depth < 70)
               SELECT COUNT(*) FROM up WHERE code = start_code''') == 0
    }

    def 'a delta-sync client polling both nodes while both commit ends with every change'() {
        given: 'units of its own for each node to rename'
        List<Map> units = (1..8).collect { unit(DevData.RIGSHOSPITALET) }
        units.each { u -> assert on(a) { Http.send('POST', '/api/sor/units', admin, u).status } == 201 }
        Instant since = Instant.EPOCH
        Map<String, Long> seen = new ConcurrentHashMap<>()
        Closure poll = { AppProcess node ->
            String next = "/fhir/Organization/_history?_since=${Http.enc(since.toString())}&_count=50"
            while (next != null) {
                def page = on(node) { Http.get(next, reader) }
                assert page.status == 200
                page.json.entry*.resource.each { org ->
                    seen.merge(org.id as String, org.meta.versionId as Long, { x, y -> Math.max(x, y) })
                    // the client keeps the newest time it received: stamps are in commit order on every node
                    Instant updated = OffsetDateTime.parse(org.meta.lastUpdated as String).toInstant()
                    if (updated.isAfter(since)) {
                        since = updated
                    }
                }
                String link = page.json.link?.find { it.relation == 'next' }?.url
                next = link == null ? null : link.substring(link.indexOf('/Organization/'))
                next = next == null ? null : '/fhir' + next
            }
        }

        when: 'each node renames half of them, 6 times each, while the client polls the nodes in turn'
        def pool = Executors.newFixedThreadPool(2)
        def writers = [a, b].withIndex().collect { node, n ->
            pool.submit({
                List<Map> mine = units.subList(n * 4, n * 4 + 4)
                (2..7).each { version ->
                    mine.each { u ->
                        def r = on(node) { Http.send('PUT', "/api/sor/units/${u.sorCode}", admin, u + [name: "v${version}"], ['If-Match': "W/\"${version - 1}\""]) }
                        assert r.status == 200
                    }
                }
            } as Callable<Void>)
        }
        int polls = 0
        while (!writers.every { it.done }) {
            poll(polls++ % 2 == 0 ? a : b)
        }
        writers*.get()
        pool.shutdown()
        poll(a)
        poll(b)

        then: 'the client holds the last version of every unit'
        polls > 0
        units.every { seen[it.sorCode] == 7L }
    }

    def 'a node that has lost its change channel refuses blocking decisions once it has been silent too long, and says so'() {
        given:
        String cpr = AppSpec.newCpr()
        assert on(a) { AppSpec.putMedication(cpr, "silent-${cpr}").status } in [200, 201]

        when: 'no new connection is allowed to the database and the listeners are cut off (the request pools keep theirs)'
        admin("ALTER DATABASE ${database()} WITH ALLOW_CONNECTIONS false")
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'opennsp-listener opennsp_changes_opennsp_${SCHEMA}'")
        long refusedAfter = millisUntil { on(a) { AppSpec.readCard(cpr).status } == 503 }
        def refused = on(a) { AppSpec.readCard(cpr) }
        def readiness = on(b) { Http.get('/health/readiness') }

        and: 'connections are allowed again'
        admin("ALTER DATABASE ${database()} WITH ALLOW_CONNECTIONS true")
        long recoveredAfter = millisUntil { on(a) { AppSpec.readCard(cpr).status } == 200 }
        boolean readyAgain = millisUntil { on(b) { Http.get('/health/readiness').status } == 200 } < Long.MAX_VALUE
        println "channel lost: refused after ${refusedAfter} ms; recovered ${recoveredAfter} ms after reconnecting was possible"

        then: 'refused within max-silence (3 s) plus a heartbeat, with no data'
        refusedAfter < 5000
        refused.status == 503
        !refused.text.contains('MedicationStatement')
        readiness.status == 503

        and: 'back once the channel is'
        recoveredAfter < 5000
        readyAgain

        cleanup:
        admin("ALTER DATABASE ${database()} WITH ALLOW_CONNECTIONS true")
    }

    static String parentOn(AppProcess node, String code) {
        on(node) { Http.get("/fhir/Organization/${code}", token(professional())) }.json.partOf?.reference
    }

    static int move(String code, String parent) {
        String etag = Http.get("/fhir/Organization/${code}", token(professional())).header('ETag')
        Http.send('POST', "/api/sor/units/${code}/move", token(sorAdmin('1084')), [parentSorCode: parent], ['If-Match': etag]).status
    }

    static long millisUntil(Closure<Boolean> condition) {
        long start = System.nanoTime()
        long deadline = start + TimeUnit.SECONDS.toNanos(5)
        while (!condition()) {
            if (System.nanoTime() > deadline) {
                return Long.MAX_VALUE
            }
            Thread.sleep(5)
        }
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
    }

    /** The database the suite runs in ("test" by default): connections to it are switched off and on. */
    static String database() {
        TestApp.PG_URL.substring(TestApp.PG_URL.lastIndexOf('/') + 1).replaceAll(/\?.*/, '')
    }

    /** A statement run from the maintenance database, so it works while the test database refuses connections. */
    static void admin(String statement) {
        String url = TestApp.PG_URL.substring(0, TestApp.PG_URL.lastIndexOf('/') + 1) + 'postgres'
        DriverManager.getConnection(url, TestApp.PG_USER, '').withCloseable { c ->
            c.createStatement().withCloseable { it.execute(statement) }
        }
    }

    static long sql(String query) {
        DriverManager.getConnection("${TestApp.PG_URL}?currentSchema=opennsp_${SCHEMA}", TestApp.PG_USER, '').withCloseable { c ->
            c.createStatement().withCloseable { s ->
                s.executeQuery(query).withCloseable { r -> r.next(); r.getLong(1) }
            }
        }
    }
}
