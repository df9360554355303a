package dk.opennsp.services.operations

import io.github.resilience4j.circuitbreaker.CircuitBreaker
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig
import spock.lang.Specification

import javax.sql.DataSource
import java.sql.Connection
import java.sql.SQLException
import java.sql.SQLTransientConnectionException
import java.time.Duration

class GuardedDataSourceSpec extends Specification {
    boolean down = false
    int attempts = 0
    DataSource pool = Stub {
        getConnection() >> {
            attempts++
            if (down) {
                throw new SQLTransientConnectionException('Connection is not available, request timed out after 1000ms')
            }
            Stub(Connection)
        }
    }
    CircuitBreaker breaker = CircuitBreaker.of('test', CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(10)
            .minimumNumberOfCalls(4).failureRateThreshold(50).waitDurationInOpenState(Duration.ofMillis(300))
            .permittedNumberOfCallsInHalfOpenState(2).automaticTransitionFromOpenToHalfOpenEnabled(true).build())
    GuardedDataSource guarded = new GuardedDataSource(pool, breaker)

    def "failed acquisitions open the circuit; then callers are refused without touching the pool"() {
        given:
        down = true

        when: 'the store fails four times'
        4.times { try { guarded.connection } catch (SQLException ignored) {} }
        int attemptsWhenOpened = attempts
        long started = System.nanoTime()
        guarded.connection

        then: 'the fifth caller is refused at once, as a transient connection failure'
        SQLTransientConnectionException e = thrown()
        e.SQLState == '08001'
        System.nanoTime() - started < 50_000_000L
        attempts == attemptsWhenOpened
        breaker.state == CircuitBreaker.State.OPEN
    }

    def "the circuit closes by itself once the store answers again"() {
        given:
        down = true
        4.times { try { guarded.connection } catch (SQLException ignored) {} }

        when: 'the store is back and the open period has passed'
        down = false
        Thread.sleep(400)
        2.times { guarded.connection }

        then:
        breaker.state == CircuitBreaker.State.CLOSED
        guarded.connection != null
    }

    def "unwrapping stops at the guard, so nothing can bypass the breaker"() {
        expect:
        io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(guarded).is(guarded)
        guarded.unwrap(GuardedDataSource).is(guarded)
    }
}
