package dk.opennsp.support

import io.micronaut.context.ApplicationContext
import io.micronaut.runtime.server.EmbeddedServer

import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager

/**
 * One running application shared by every spec in the JVM (start-up once, not per spec).
 * -Dopennsp.test.db=postgres runs the same suite against PostgreSQL at 127.0.0.1:5432.
 */
class TestApp {
    static final Path DIR = Files.createTempDirectory('opennsp-test')
    static final String PG_URL = System.getProperty('opennsp.test.pg-url', 'jdbc:postgresql://127.0.0.1:5432/test')
    static final String PG_USER = System.getProperty('opennsp.test.pg-user', 'postgres')
    private static EmbeddedServer server

    static boolean postgres() {
        System.getProperty('opennsp.test.db', 'h2') == 'postgres'
    }

    static synchronized EmbeddedServer server() {
        if (server == null) {
            server = start(databaseProperties('shared', true), [:])
            Runtime.runtime.addShutdownHook(new Thread({ server.stop() }))
        }
        server
    }

    static ApplicationContext context() {
        server().applicationContext
    }

    static String url() {
        "http://localhost:${server().port}"
    }

    /** Starts an application; the caller stops it. */
    static EmbeddedServer start(Map<String, Object> database, Map<String, Object> extra) {
        ApplicationContext.run(EmbeddedServer, properties(database, extra), 'test')
    }

    /** The test configuration (trusted test issuer and STS, dev mode) plus the database and any overrides. */
    static Map<String, Object> properties(Map<String, Object> database, Map<String, Object> extra) {
        [
                'micronaut.server.port'                       : -1,
                'opennsp.security.jwt.issuers[0].issuer'      : TestKeys.ISSUER,
                'opennsp.security.jwt.issuers[0].audience'    : TestKeys.AUDIENCE,
                'opennsp.security.jwt.issuers[0].jwks'        : TestKeys.writeJwks(DIR).toString(),
                'opennsp.dev.key-file'                        : DIR.resolve('dev-key.json').toString(),
                'opennsp.dev.sts-keystore'                    : DIR.resolve('dev-sts.p12').toString(),
                'opennsp.dev.sts-token-key-file'              : DIR.resolve('dev-sts-token-key.json').toString(),
                // ID cards from the token exchange name this care provider when the token names a SOR unit
                'opennsp.sts.card-care-provider-cvr'          : '12345678',
                'opennsp.security.dgws.trust-anchors'         : TestSts.writeTrustAnchors(DIR).toString(),
                'opennsp.security.dgws.crls'                  : TestSts.writeCrl(DIR).toString(),
                'opennsp.dev-mode'                            : true,
                // short, so the spec of another node's writes and of fail-closed staleness runs in seconds
                'opennsp.minspaerring.refresh-interval'       : '1s',
                'opennsp.minspaerring.max-staleness'          : '6s',
                // no load balancer to tell: stop at once
                'opennsp.shutdown.readiness-delay'            : '0s',
                // two clients with tiny quotas, so the rate limiter is proven over JWT and DGWS
                'opennsp.rate-limit.quotas'                   : 'Quota Test|sor:123456789012399=3,Quota DGWS|cvr:12345678=3',
        ] + database + extra
    }

    /**
     * H2: an in-memory (shared) or file (restart test) database. PostgreSQL: a schema of its own,
     * emptied first; under CI=true an unreachable server fails the run instead of skipping it.
     */
    static Map<String, Object> databaseProperties(String name, boolean fresh) {
        if (postgres()) {
            String schema = "opennsp_${name}"
            if (fresh) {
                DriverManager.getConnection(PG_URL, PG_USER, '').withCloseable { c ->
                    c.createStatement().withCloseable { s ->
                        s.execute("DROP SCHEMA IF EXISTS ${schema} CASCADE")
                        s.execute("CREATE SCHEMA ${schema}")
                    }
                }
            }
            return ['datasources.default.url'              : "${PG_URL}?currentSchema=${schema}".toString(),
                    'datasources.default.driver-class-name': 'org.postgresql.Driver',
                    'datasources.default.username'         : PG_USER,
                    'datasources.default.password'         : '']
        }
        String url = name == 'shared'
                ? 'jdbc:h2:mem:opennsp-shared;DB_CLOSE_DELAY=-1'
                : "jdbc:h2:file:${DIR.resolve(name)}".toString()
        Map<String, Object> h2 = ['datasources.default.url': url + ';MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH']
        // the in-memory database journals MinLog entries as the H2 file default does (a file database finds its own)
        name == 'shared' ? h2 + ['opennsp.minlog.journal.directory': DIR.resolve('shared.minlog-journal').toString()] : h2
    }
}
