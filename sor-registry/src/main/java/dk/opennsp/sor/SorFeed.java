package dk.opennsp.sor;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The order of SOR writes, kept by the database. Every write transaction first takes the one
 * {@code sor_feed} row {@code FOR UPDATE} ({@link #lock}): SOR writers on every node queue there, so
 * the rules of a write (cycles, open sub-units, SHAK uniqueness) are checked against committed state
 * and no two writes interleave. Each entity written gets the next position and a time strictly after
 * the previous write's; both are therefore in commit order, and a reader that resumes after the last
 * position or time it received never skips a change another node committed later.
 */
@Singleton
public class SorFeed {
    private final Rows rows;
    private final Clock clock;

    public SorFeed(Rows rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    /** Where one write puts an entity in the feed. */
    public record Stamp(long position, Instant at) {
    }

    /** The last committed position. */
    public long position() {
        return rows.position().orElse(0L);
    }

    /** Takes the feed lock for the current transaction (held until it ends) and returns its writer. */
    public Writer lock() {
        Row row = rows.lockRow().orElseThrow(() -> new IllegalStateException("sor_feed has no row: migration V5 missing"));
        return new Writer(row.position(), row.lastStamp());
    }

    /** Hands out stamps inside one locked transaction. */
    public final class Writer {
        private long position;
        private Instant last;

        private Writer(long position, Instant last) {
            this.position = position;
            this.last = last;
        }

        public Stamp next() {
            // microseconds: what both databases store, so a _since taken from a response compares exactly
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            last = now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS);
            position++;
            rows.advance(position, last);
            return new Stamp(position, last);
        }

        public long position() {
            return position;
        }
    }

    @Introspected
    @MappedEntity("sor_feed")
    public record Row(@Id int id, long position, Instant lastStamp) {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    public interface Rows extends GenericRepository<Row, Integer> {
        @Query("SELECT * FROM sor_feed WHERE id = 1 FOR UPDATE")
        Optional<Row> lockRow();

        @Query("UPDATE sor_feed SET position = :position, last_stamp = :lastStamp WHERE id = 1")
        void advance(long position, Instant lastStamp);

        @Query("SELECT position FROM sor_feed WHERE id = 1")
        Optional<Long> position();
    }
}
