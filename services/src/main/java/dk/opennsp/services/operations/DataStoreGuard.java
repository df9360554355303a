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
import java.sql.Statement;
import java.time.Duration;

/**
 * Puts every DataSource behind the data store's circuit breaker (see {@link GuardedDataSource}) and
 * makes the embedded H2 file database crash-durable. Runs before Micronaut Data wraps the pool, so
 * everything that unwraps to the "raw" pool still lands on the guarded one.
 *
 * <p>H2 durability: by default H2 (MVStore) writes committed changes to its file up to
 * {@code WRITE_DELAY} (500 ms) later, so a {@code kill -9} loses acknowledged commits.
 * {@code SET WRITE_DELAY 0} writes every commit to the file before the commit returns (a persistent
 * database setting). That survives a crash of the JVM; it does not fsync, so an OS crash or power loss
 * may still lose the last commits: production runs PostgreSQL with {@code synchronous_commit=on}.
 */
@Singleton
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DataStoreGuard implements BeanCreatedEventListener<DataSource> {
    private static final Logger LOG = LoggerFactory.getLogger(DataStoreGuard.class);

    private final CircuitBreakerConfig config;
    private volatile GuardedDataSource guarded;

    public DataStoreGuard(@Value("${opennsp.db.circuit-breaker.failure-rate:50}") float failureRate,
                          @Value("${opennsp.db.circuit-breaker.minimum-calls:5}") int minimumCalls,
                          @Value("${opennsp.db.circuit-breaker.open-duration:2s}") Duration openDuration) {
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

    private static void makeDurable(DataSource pool) {
        try (Connection connection = pool.getConnection()) {
            String url = connection.getMetaData().getURL();
            if (url != null && url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:")) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET WRITE_DELAY 0");
                }
                LOG.info("H2 file database: every commit is written to the file before it returns (WRITE_DELAY 0)");
            }
        } catch (SQLException e) {
            // the pool starts with a connection, so this is a real problem: start-up must not go on unsure
            throw new IllegalStateException("Could not configure the data store for durable commits", e);
        }
    }
}
