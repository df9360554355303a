package dk.opennsp.minlog;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Retention: entries older than {@code opennsp.minlog.retention} (default 2 years) are deleted in
 * batches of {@code opennsp.minlog.purge-batch}, each its own short transaction, so writers (which only
 * insert new rows) never wait behind a long delete.
 */
@Singleton
public class MinLogRetention {
    private static final Logger LOG = LoggerFactory.getLogger(MinLogRetention.class);

    private final MinLogRepository repository;
    private final GroupCommitLogWriter writer;
    private final Clock clock;
    private final Duration retention;
    private final int batch;

    public MinLogRetention(MinLogRepository repository, GroupCommitLogWriter writer, Clock clock,
                           @Value("${opennsp.minlog.retention:730d}") Duration retention,
                           @Value("${opennsp.minlog.purge-batch:5000}") int batch) {
        this.repository = repository;
        this.writer = writer;
        this.clock = clock;
        this.retention = retention;
        this.batch = batch;
    }

    @Scheduled(fixedDelay = "${opennsp.minlog.purge-interval:1h}", initialDelay = "${opennsp.minlog.purge-interval:1h}")
    void scheduled() {
        try {
            purge(clock);
        } catch (RuntimeException e) {
            LOG.warn("MinLog retention purge failed; the next run tries again: {}", e.toString());
        }
    }

    /** Purges everything older than the retention period as seen from this clock; returns how many entries. */
    public long purge(Clock at) {
        Instant cutoff = at.instant().minus(retention);
        writer.awaitReadable(); // journaled entries too: an old registration acknowledged before the purge goes with it
        long total = 0;
        int deleted;
        do {
            deleted = repository.purgeBatch(cutoff, batch);
            total += deleted;
        } while (deleted == batch);
        if (total > 0) {
            LOG.info("MinLog retention: purged {} entries older than {}", total, cutoff);
        }
        return total;
    }

    public Duration retention() {
        return retention;
    }
}
