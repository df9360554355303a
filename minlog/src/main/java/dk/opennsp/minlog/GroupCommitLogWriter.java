package dk.opennsp.minlog;

import dk.opennsp.security.access.AccessLogEntry;
import dk.opennsp.security.access.AccessLogSink;
import dk.opennsp.security.error.ApiException;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The durable MinLog writer with group commit: concurrent callers queue their entries, a writer
 * thread makes whatever is waiting durable at once, and every caller returns only after that. Under load
 * one commit covers many requests; alone, a request pays one commit.
 *
 * <p>Where an entry becomes durable depends on the database. On PostgreSQL (and on H2 with
 * {@code opennsp.minlog.journal.enabled=false}) a group is inserted as one JDBC batch in one transaction,
 * and {@code opennsp.minlog.writers} threads write, so one batch is written while another commits. On the
 * embedded H2 database a group is appended to the {@link MinLogJournal} instead (one file write), and the
 * {@link MinLogIndexer} moves the journal into the table in large transactions: H2 rewrites every page a
 * commit touched, so a commit per group cost about a third of a lookup's CPU. Readers of the table wait for
 * the indexer first ({@link #awaitReadable()}), so a log read shows every entry acknowledged before it.
 * Several nodes share PostgreSQL and need every entry in the table at once: no journal there.
 */
@Singleton
public class GroupCommitLogWriter implements AccessLogSink {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitLogWriter.class);
    /** A retried registration (same registering system, CorrelationId, SequenceNumber) is stored once. */
    private static final String INSERT = "INSERT INTO minlog_entry (citizen_cpr, citizen_id_source, occurred_at, "
            + "occurred_to, system_name, activity, reason, addition, criticality, organisation_id, "
            + "organisation_id_source, organisation_name, person_name, user_id, user_id_source, user_name, user_role, "
            + "on_behalf_of_id, on_behalf_of_id_source, on_behalf_of_name, on_behalf_of_role, filters, correlation_id, "
            + "sequence_number, registered_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
            + "ON CONFLICT DO NOTHING";

    private record Pending(AccessLogEntry entry, CompletableFuture<Void> committed, long queuedAt) {
    }

    /** Told of every batch the writer committed or failed to commit, for metrics. */
    public interface BatchObserver {
        /**
         * @param entries      entries in the batch
         * @param oldestWaited nanoseconds from the oldest entry's arrival to the end of its commit (what its caller waited)
         * @param commit       nanoseconds the insert and commit took
         * @param committed    false when the batch failed and its callers got 503
         */
        void batch(int entries, long oldestWaited, long commit, boolean committed);
    }

    private final DataSource dataSource;
    /** Null when groups are committed straight to the table. */
    private final MinLogIndexer indexer;
    private final BlockingQueue<Pending> queue;
    private final Duration commitTimeout;
    private final int maxBatch;
    private final List<Thread> writers = new ArrayList<>();
    private final List<BatchObserver> observers;
    private volatile boolean running = true;
    private volatile boolean lastBatchFailed;
    private volatile long lastFailureNanos;

    public GroupCommitLogWriter(DataSource dataSource,
                                @Value("${opennsp.minlog.commit-timeout:3s}") Duration commitTimeout,
                                @Value("${opennsp.minlog.max-batch:500}") int maxBatch,
                                @Value("${opennsp.minlog.queue-capacity:20000}") int queueCapacity,
                                @Value("${opennsp.minlog.writers:2}") int writerThreads,
                                JournalSettings journal,
                                List<BatchObserver> observers) throws SQLException, IOException {
        this.observers = List.copyOf(observers);
        // the raw pool: this thread manages its own transactions, outside any request's
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.commitTimeout = commitTimeout;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        Path directory = journal.directory();
        this.indexer = directory == null ? null
                : new MinLogIndexer(this.dataSource, directory, journal.segmentSize(), journal.indexInterval());
        if (indexer != null) {
            LOG.info("MinLog entries are made durable in the journal at {} and indexed every {}", directory,
                    journal.indexInterval());
        }
        // more than one writer: while one batch waits for its commit, the next batch is already being written
        // (a journal append is one file write: one writer keeps the groups large)
        for (int i = 0; i < (indexer != null ? 1 : Math.max(1, writerThreads)); i++) {
            Thread writer = new Thread(this::run, "minlog-group-commit-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    @Override
    public void record(AccessLogEntry entry) {
        recordAll(List.of(entry));
    }

    /** Durably stores all entries (one commit group) or throws a 503 ApiException. */
    public void recordAll(List<AccessLogEntry> entries) {
        List<Pending> pending = new ArrayList<>(entries.size());
        for (AccessLogEntry entry : entries) {
            Pending p = new Pending(entry, new CompletableFuture<>(), System.nanoTime());
            if (!running || !queue.offer(p)) {
                throw ApiException.unavailable("The access log is overloaded; try again later", null);
            }
            pending.add(p);
        }
        long deadline = System.nanoTime() + commitTimeout.toNanos();
        try {
            for (Pending p : pending) {
                p.committed().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw ApiException.unavailable("The access log did not confirm the write in time; try again later", e);
        } catch (ExecutionException e) {
            throw ApiException.unavailable("The access log cannot be written; try again later", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted while writing the access log", e);
        }
    }

    /**
     * Returns once the table holds every entry acknowledged before the call (at once when there is no journal),
     * or refuses with 503 when the journal cannot be indexed in time. Every reader of the log calls this first.
     */
    public void awaitReadable() {
        if (indexer != null) {
            indexer.awaitIndexed(commitTimeout);
        }
    }

    /** Entries waiting for a writer. */
    public int queueDepth() {
        return queue.size();
    }

    /**
     * False while the writer cannot take entries: its queue is full, or its latest batch failed within
     * the last five seconds and none has committed since, or the journal cannot be written or has not reached
     * the table for five seconds (readiness says DOWN meanwhile).
     */
    public boolean canCommit() {
        if (!running || queue.remainingCapacity() == 0 || (indexer != null && !indexer.healthy())) {
            return false;
        }
        return !lastBatchFailed || System.nanoTime() - lastFailureNanos > 5_000_000_000L;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        long started = System.nanoTime();
        boolean committed = false;
        List<AccessLogEntry> entries = new ArrayList<>(batch.size());
        batch.forEach(p -> entries.add(p.entry()));
        try {
            if (indexer != null) {
                indexer.append(entries);
            } else {
                commit(entries);
            }
            lastBatchFailed = false;
            committed = true;
            batch.forEach(p -> p.committed().complete(null));
        } catch (SQLException | IOException | RuntimeException e) {
            lastFailureNanos = System.nanoTime();
            lastBatchFailed = true;
            LOG.error("MinLog batch of {} entries could not be committed", batch.size(), e);
            batch.forEach(p -> p.committed().completeExceptionally(e));
        } finally {
            long ended = System.nanoTime();
            for (BatchObserver observer : observers) {
                observer.batch(batch.size(), ended - batch.get(0).queuedAt(), ended - started, committed);
            }
        }
    }

    private void commit(List<AccessLogEntry> entries) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insertAll(connection, entries);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Inserts the entries as one batch in the connection's transaction (a registration already stored is skipped). */
    static void insertAll(Connection connection, List<AccessLogEntry> entries) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (AccessLogEntry entry : entries) {
                bind(insert, entry);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void bind(PreparedStatement s, AccessLogEntry e) throws SQLException {
        int i = 0;
        s.setString(++i, e.citizenCpr());
        s.setString(++i, e.citizenIdSource());
        s.setTimestamp(++i, Timestamp.from(e.occurredAt()));
        s.setTimestamp(++i, e.occurredTo() == null ? null : Timestamp.from(e.occurredTo()));
        for (String value : new String[]{e.systemName(), e.activity(), e.reason(), e.addition(), e.criticality(),
                e.organisationId(), e.organisationIdSource(), e.organisationName(), e.personName(), e.userId(),
                e.userIdSource(), e.userName(), e.userRole(), e.onBehalfOfId(), e.onBehalfOfIdSource(),
                e.onBehalfOfName(), e.onBehalfOfRole(),
                e.filters() == null || e.filters().isEmpty() ? null : String.join("|", e.filters()),
                e.correlationId(), e.sequenceNumber(), e.registeredBy()}) {
            s.setString(++i, value);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException, IOException {
        running = false;
        for (Thread writer : writers) {
            writer.join(commitTimeout.toMillis());
        }
        if (indexer != null) {
            indexer.stop(commitTimeout);
        }
    }
}
