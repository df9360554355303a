package dk.opennsp.minlog;

import dk.opennsp.minlog.MinLogJournal.Position;
import dk.opennsp.security.access.AccessLogEntry;
import dk.opennsp.security.error.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Moves journaled MinLog entries into {@code minlog_entry}: every {@code interval}, or at once when a reader
 * is waiting, it inserts what the journal holds beyond the checkpoint in one transaction that also moves the
 * checkpoint ({@code minlog_journal_checkpoint}). Insert and checkpoint commit together, so after a crash
 * the journal is replayed from exactly where the table stops: no entry lost, none twice. On H2 each commit
 * rewrites the pages it touched; hundreds of entries per commit instead of a few is what makes the journal
 * cheaper than committing each group to the table.
 */
final class MinLogIndexer {
    private static final Logger LOG = LoggerFactory.getLogger(MinLogIndexer.class);
    /** Entries per transaction: bounded so that a long replay after a crash commits as it goes. */
    private static final int BATCH = 5000;
    private static final long FAILURE_PAUSE_MILLIS = 500;

    private final DataSource dataSource;
    private final MinLogJournal journal;
    private final long intervalMillis;
    private final Thread thread;
    private final Object lock = new Object();
    private MinLogJournal.Reader reader;
    /** Everything before this is in the table (guarded by lock). */
    private Position indexed;
    private boolean urgent;
    private volatile boolean running = true;
    private volatile long failingSince;

    /** Reads the checkpoint, opens the journal past it and starts indexing (a replay first, after a crash). */
    MinLogIndexer(DataSource dataSource, Path directory, long segmentSize, Duration interval) throws SQLException, IOException {
        this.dataSource = dataSource;
        this.intervalMillis = Math.max(1, interval.toMillis());
        Position checkpoint = readCheckpoint();
        this.journal = MinLogJournal.open(directory, segmentSize, checkpoint == null ? 1 : checkpoint.segment() + 1);
        this.indexed = checkpoint == null ? journal.start() : checkpoint;
        this.reader = journal.reader(indexed);
        if (journal.hasRecordsAfter(indexed)) {
            LOG.info("MinLog journal {}: indexing the entries written after {} (a replay after an unclean stop)",
                    directory, indexed);
        }
        this.thread = new Thread(this::run, "minlog-indexer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Makes the entries durable in the journal; the table has them within the interval. */
    void append(List<AccessLogEntry> entries) throws IOException {
        journal.append(entries);
    }

    /** False when nothing can be appended, or the table has not taken an entry for five seconds of failures. */
    boolean healthy() {
        long since = failingSince;
        return !journal.isBroken() && (since == 0 || System.nanoTime() - since < 5_000_000_000L);
    }

    /** Returns once every entry journaled before the call is in the table, or refuses with 503 after {@code timeout}. */
    void awaitIndexed(Duration timeout) {
        Position target = journal.end();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            urgent = true;
            lock.notifyAll();
            try {
                while (indexed.isBefore(target)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw ApiException.unavailable("The access log is not readable yet; try again later", null);
                    }
                    lock.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.unavailable("Interrupted while reading the access log", e);
            }
        }
    }

    /** Indexes what is left (bounded by {@code timeout}; anything not indexed is replayed at the next start). */
    void stop(Duration timeout) throws InterruptedException, IOException {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
        thread.join(timeout.toMillis());
        journal.close();
    }

    private void run() {
        while (true) {
            boolean last = !running;
            try {
                int indexedNow = indexOnce();
                failingSince = 0;
                if (indexedNow == BATCH) {
                    continue; // more is waiting
                }
                if (last) {
                    return;
                }
            } catch (SQLException | IOException | RuntimeException e) {
                if (failingSince == 0) {
                    failingSince = System.nanoTime();
                    LOG.error("MinLog entries could not be moved from the journal to the table; retrying", e);
                }
                if (last) {
                    LOG.warn("MinLog journal not fully indexed at shutdown; the rest is indexed at the next start");
                    return;
                }
                rewind();
                try {
                    Thread.sleep(FAILURE_PAUSE_MILLIS); // not woken by readers: they would turn retries into a busy loop
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            synchronized (lock) {
                if (!urgent && running) {
                    pause(intervalMillis);
                }
                urgent = false;
            }
        }
    }

    /** One transaction: the next entries and the checkpoint after them. Returns how many entries it inserted. */
    private int indexOnce() throws SQLException, IOException {
        List<AccessLogEntry> entries = reader.read(BATCH);
        Position after = reader.position();
        if (!entries.isEmpty()) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    GroupCommitLogWriter.insertAll(connection, entries);
                    saveCheckpoint(connection, after);
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
        }
        long before;
        synchronized (lock) {
            before = indexed.segment();
            indexed = after;
            lock.notifyAll();
        }
        if (after.segment() != before) {
            journal.release(after); // the checkpoint left a segment behind
        }
        return entries.size();
    }

    /** After a failed transaction the reader starts again at the checkpoint. */
    private void rewind() {
        try {
            reader.close();
        } catch (IOException e) {
            // a fresh reader follows
        }
        Position from;
        synchronized (lock) {
            from = indexed;
        }
        reader = journal.reader(from);
    }

    /** Waits on the lock (held or not) for up to {@code millis}; woken early by a reader or by stop. */
    private void pause(long millis) {
        synchronized (lock) {
            try {
                lock.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Position readCheckpoint() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT segment, position FROM minlog_journal_checkpoint WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            return row.next() ? new Position(row.getLong(1), row.getLong(2)) : null;
        }
    }

    private static void saveCheckpoint(Connection connection, Position position) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE minlog_journal_checkpoint SET segment = ?, position = ? WHERE id = 1")) {
            update.setLong(1, position.segment());
            update.setLong(2, position.offset());
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO minlog_journal_checkpoint (id, segment, position) VALUES (1, ?, ?)")) {
            insert.setLong(1, position.segment());
            insert.setLong(2, position.offset());
            insert.executeUpdate();
        }
    }
}
