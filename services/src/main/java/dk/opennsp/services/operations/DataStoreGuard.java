package dk.opennsp.services.operations;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Puts every DataSource behind the data store's circuit breaker (see {@link GuardedDataSource}) and
 * makes the embedded H2 file database crash-durable (see {@link H2Housekeeping}). Runs before Micronaut
 * Data wraps the pool, so everything that unwraps to the "raw" pool still lands on the guarded one.
 */
@Singleton
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DataStoreGuard implements BeanCreatedEventListener<DataSource> {
    private static final Logger LOG = LoggerFactory.getLogger(DataStoreGuard.class);

    private final CircuitBreakerConfig config;
    private final H2Housekeeping h2;
    private volatile GuardedDataSource guarded;

    public DataStoreGuard(H2Housekeeping h2,
                          @Value("${opennsp.db.circuit-breaker.failure-rate:50}") float failureRate,
                          @Value("${opennsp.db.circuit-breaker.minimum-calls:5}") int minimumCalls,
                          @Value("${opennsp.db.circuit-breaker.open-duration:2s}") Duration openDuration) {
        this.h2 = h2;
        this.config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(minimumCalls, 20))
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(failureRate)
                .waitDurationInOpenState(openDuration)
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build();
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource pool = event.getBean();
        if (pool instanceof GuardedDataSource already) {
            return already;
        }
        if (pool instanceof io.micronaut.data.connection.jdbc.advice.DelegatingDataSource) {
            LOG.warn("The data source was wrapped before the circuit breaker; some paths may bypass it");
        }
        makeDurable(pool);
        CircuitBreaker breaker = CircuitBreaker.of("data-store", config);
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("Data store circuit breaker: {}", e.getStateTransition()));
        GuardedDataSource wrapped = new GuardedDataSource(pool, breaker);
        guarded = wrapped;
        return wrapped;
    }

    /** The guarded default data source (null before it is created). */
    public GuardedDataSource dataSource() {
        return guarded;
    }

    private void makeDurable(DataSource pool) {
        try (Connection connection = pool.getConnection()) {
            h2.configure(connection);
        } catch (SQLException e) {
            // the pool starts with a connection, so this is a real problem: start-up must not go on unsure
            throw new IllegalStateException("Could not configure the data store for durable commits", e);
        }
    }
}
