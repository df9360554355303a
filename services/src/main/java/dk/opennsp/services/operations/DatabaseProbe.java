package dk.opennsp.services.operations;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

import java.sql.Connection;

/**
 * Asks the data store every {@code opennsp.db.probe-interval} whether it answers (through the circuit
 * breaker, so an idle node also notices an outage and also closes the breaker again when the store is
 * back). Readiness reads the last answer and never waits on the database itself.
 */
@Singleton
public class DatabaseProbe {
    private final DataStoreGuard guard;
    private volatile long lastSuccessNanos;
    /** Until the first probe, start-up itself (migrations, loading the indexes) is the proof the store answers. */
    private volatile boolean probed;
    private volatile boolean lastOk = true;

    public DatabaseProbe(DataStoreGuard guard) {
        this.guard = guard;
    }

    @Scheduled(fixedDelay = "${opennsp.db.probe-interval:1s}", initialDelay = "250ms")
    void probe() {
        GuardedDataSource dataSource = guard.dataSource();
        if (dataSource == null) {
            return;
        }
        boolean ok;
        try (Connection connection = dataSource.getConnection()) {
            ok = connection.isValid(1);
        } catch (Exception e) {
            ok = false;
        }
        if (ok) {
            lastSuccessNanos = System.nanoTime();
        }
        lastOk = ok;
        probed = true;
    }

    /** The store answered the latest probe, and that probe is recent (a hung probe counts as a failure). */
    public boolean reachable() {
        return !probed || lastOk && System.nanoTime() - lastSuccessNanos < 3_000_000_000L;
    }
}
