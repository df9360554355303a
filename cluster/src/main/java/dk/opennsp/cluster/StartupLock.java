package dk.opennsp.cluster;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One node at a time for start-up work that is not safe to run twice at once (seeding demo data):
 * a PostgreSQL session advisory lock, held on a dedicated connection for the duration. Nodes started
 * together wait for each other instead of failing on a duplicate key. On H2 (one process) it is a no-op.
 */
@Singleton
public class StartupLock {
    private static final Logger LOG = LoggerFactory.getLogger(StartupLock.class);
    /** The first half of every OpenNSP advisory lock key ("ONSP"), so no other application's lock collides. */
    private static final int NAMESPACE = 0x4F4E5350;
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final ClusterConnections connections;

    public StartupLock(ClusterConnections connections) {
        this.connections = connections;
    }

    public <T> T holding(String name, Supplier<T> work) {
        if (!connections.shared()) {
            return work.get();
        }
        try (Connection c = connections.open("opennsp-startup-lock", Duration.ofSeconds(30))) {
            acquire(c, name);
            try {
                return work.get();
            } finally {
                call(c, "SELECT pg_advisory_unlock(?, ?)", name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The start-up lock " + name + " cannot be taken: " + e.getMessage(), e);
        }
    }

    /** Polls with the non-blocking variant: a blocking wait would run into the statement timeout. */
    private static void acquire(Connection c, String name) throws SQLException {
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        boolean logged = false;
        while (!call(c, "SELECT pg_try_advisory_lock(?, ?)", name)) {
            if (System.nanoTime() > deadline) {
                throw new SQLException("another node has held the start-up lock " + name + " for over " + MAX_WAIT);
            }
            if (!logged) {
                LOG.info("Waiting for another node to finish {}", name);
                logged = true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the start-up lock " + name, e);
            }
        }
    }

    private static boolean call(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, NAMESPACE);
            s.setInt(2, name.hashCode());
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }
}
