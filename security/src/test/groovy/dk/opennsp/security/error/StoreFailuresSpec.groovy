package dk.opennsp.security.error

import spock.lang.Specification

import java.sql.SQLException
import java.sql.SQLIntegrityConstraintViolationException
import java.sql.SQLTimeoutException
import java.sql.SQLTransientConnectionException

class StoreFailuresSpec extends Specification {

    def "#what is #verdict"() {
        expect:
        StoreFailures.isUnavailable(failure) == unavailable

        where:
        what                                          | failure                                                                                    | unavailable
        'a pool timeout (Hikari)'                     | new SQLTransientConnectionException('Connection is not available, request timed out')    | true
        'the circuit open'                            | new SQLTransientConnectionException('circuit open', '08001')                              | true
        'a lost connection (PostgreSQL 08006)'        | new SQLException('An I/O error occurred', '08006')                                        | true
        'a server shutting down (57P01)'              | new SQLException('terminating connection due to administrator command', '57P01')          | true
        'a statement timeout (57014)'                 | new SQLException('canceling statement due to statement timeout', '57014')                 | true
        'a JDBC timeout'                              | new SQLTimeoutException('timeout')                                                        | true
        'a closed H2 database (90098)'                | new SQLException('Database is already closed', '90098', 90098)                            | true
        'wrapped deep in a framework exception'       | new RuntimeException('tx', new IllegalStateException('x', new SQLException('io', '08003'))) | true
        'a unique-key violation'                      | new SQLIntegrityConstraintViolationException('duplicate', '23505')                        | false
        'a syntax error (a bug, not an outage)'       | new SQLException('syntax', '42601')                                                       | false
        'no SQL at all'                               | new IllegalArgumentException('bad')                                                       | false
        verdict = unavailable ? 'unavailable (503)' : 'an internal error'
    }

    def "the 503 carries Retry-After and says nothing about the cause"() {
        when:
        ApiException e = StoreFailures.unavailable(new SQLException('password authentication failed for user "x" at 10.0.0.5', '08004'))

        then:
        e.status().code == 503
        e.retryAfter() ==~ /\d+/
        !e.message.contains('10.0.0.5')
    }
}
