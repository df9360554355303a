package dk.opennsp.services.operations;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.format.ReadableBytes;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Makes the embedded H2 file database crash-durable and keeps its file from growing without bound.
 *
 * <p>H2 (MVStore) normally writes committed changes to its file up to {@code WRITE_DELAY} (500 ms) later,
 * so a {@code kill -9} loses acknowledged commits. With {@code WRITE_DELAY 0} every commit is written to
 * the file before it returns. MVStore is copy-on-write: each commit appends a chunk holding every page it
 * changed, and old chunks are only reused once they hold no live page and are older than
 * {@code RETENTION_TIME}. H2's own background thread, which rewrites half-empty chunks, runs only with a
 * write delay; at zero delay nothing does, and under load the file grew by gigabytes a minute. So this
 * does that work on a schedule ({@code opennsp.db.h2-housekeeping-interval}): it rewrites the live pages
 * of sparse chunks until the store is {@code opennsp.db.h2-fill-rate} percent full, and the retention is
 * short ({@code opennsp.db.h2-retention-time}) so that freed space is reused soon.
 *
 * <p>None of this fsyncs: a crash of the JVM loses nothing acknowledged, an OS crash or power loss may lose
 * the last commits, and with a short retention may damage the file. PostgreSQL with
 * {@code synchronous_commit=on} is the production answer.
 */
@Singleton
public class H2Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    private final Duration writeDelay;
    private final Duration retentionTime;
    private final int fillRate;
    private final int rewritePerRound;
    private volatile MVStore store;
    private long lastReport = System.nanoTime();

    public H2Housekeeping(@Value("${opennsp.db.h2-write-delay:0ms}") Duration writeDelay,
                          @Value("${opennsp.db.h2-retention-time:5s}") Duration retentionTime,
                          @Value("${opennsp.db.h2-fill-rate:70}") int fillRate,
                          @Value("${opennsp.db.h2-rewrite-per-round:2MB}") @ReadableBytes int rewritePerRound) {
        this.rewritePerRound = rewritePerRound;
        this.writeDelay = writeDelay;
        this.retentionTime = retentionTime;
        this.fillRate = fillRate;
    }

    /** Applies the durability settings when the connection is to an H2 file database; otherwise does nothing. */
    void configure(Connection connection) throws SQLException {
        String url = connection.getMetaData().getURL();
        if (url == null || !url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET WRITE_DELAY " + writeDelay.toMillis());
            statement.execute("SET RETENTION_TIME " + retentionTime.toMillis());
        }
        if (connection.isWrapperFor(JdbcConnection.class)
                && connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session) {
            store = session.getDatabase().getStore().getMvStore();
        }
        if (writeDelay.isZero()) {
            LOG.info("H2 file database: every commit is written to the file before it returns (WRITE_DELAY 0)");
        } else {
            LOG.warn("H2 file database: commits reach the file up to {} after they are acknowledged; a crash loses them "
                    + "(opennsp.db.h2-write-delay; only for measuring what durability costs)", writeDelay);
        }
    }

    @Scheduled(fixedDelay = "${opennsp.db.h2-housekeeping-interval:250ms}", initialDelay = "5s")
    void compact() {
        MVStore current = store;
        if (current == null || current.isClosed() || !writeDelay.isZero()) {
            return; // not H2, or H2's own background thread does this
        }
        try {
            // bounded work per round (the store is locked meanwhile), repeated every interval
            current.compact(fillRate, rewritePerRound);
            long now = System.nanoTime();
            if (now - lastReport > 60_000_000_000L) {
                lastReport = now;
                LOG.info("H2 store: file {} MB, {}% live", current.getFileStore().size() / (1024 * 1024), current.getFillRate());
            }
        } catch (RuntimeException e) {
            LOG.warn("H2 housekeeping failed: {}", e.toString());
        }
    }

    /** The store's fill rate in percent (live data / file), for tests and benchmarks; -1 when not H2. */
    public int fillRate() {
        MVStore current = store;
        return current == null || current.isClosed() ? -1 : current.getFillRate();
    }
}
