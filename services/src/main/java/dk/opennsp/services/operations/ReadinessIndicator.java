package dk.opennsp.services.operations;

import dk.opennsp.minlog.GroupCommitLogWriter;
import dk.opennsp.minspaerring.BlockingIndex;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a load balancer should send this node traffic. Reads only state other components keep
 * (never the database), so it answers at once in every state. DOWN while: the data store does not
 * answer its probe or its circuit is open, the MinLog writer cannot commit, the blocking index is
 * staler than allowed or the node cannot hear other nodes' changes, or the node is shutting down.
 */
@Singleton
@Readiness
public class ReadinessIndicator implements HealthIndicator {
    private final DatabaseProbe database;
    private final DataStoreGuard store;
    private final GroupCommitLogWriter minLog;
    private final BlockingIndex blockings;
    private final ShutdownState shutdown;

    public ReadinessIndicator(DatabaseProbe database, DataStoreGuard store, GroupCommitLogWriter minLog,
                              BlockingIndex blockings, ShutdownState shutdown) {
        this.database = database;
        this.store = store;
        this.minLog = minLog;
        this.blockings = blockings;
        this.shutdown = shutdown;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> checks = checks();
        boolean up = checks.values().stream().allMatch("UP"::equals);
        return io.micronaut.core.async.publisher.Publishers.just(HealthResult.builder("opennsp")
                .status(up ? HealthStatus.UP : HealthStatus.DOWN).details(checks).build());
    }

    /** Whether every check is UP now (the readiness answer, also exported as a metric). */
    public boolean ready() {
        return checks().values().stream().allMatch("UP"::equals);
    }

    private Map<String, Object> checks() {
        Map<String, Object> checks = new LinkedHashMap<>();
        GuardedDataSource dataSource = store.dataSource();
        boolean circuitClosed = dataSource == null || dataSource.breaker().getState() != CircuitBreaker.State.OPEN;
        checks.put("database", database.reachable() && circuitClosed ? "UP" : "DOWN");
        checks.put("minlogWriter", minLog.canCommit() ? "UP" : "DOWN");
        checks.put("blockingIndex", blockings.isFresh() ? "UP" : "DOWN");
        checks.put("shutdown", shutdown.isShuttingDown() ? "DOWN" : "UP");
        return checks;
    }
}
