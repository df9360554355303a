package dk.opennsp.services.dgws;

import dk.opennsp.soap.DgwsRetransmissions;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * DGWS retransmissions kept in the database, so every node recognises a message another node answered.
 * The unique (sender, MessageID) key makes two copies sent at once execute once: the second finds the
 * first in progress. A pending entry older than {@code opennsp.dgws.retransmission-pending-timeout} (its
 * node died mid-request) is taken over; entries older than {@code opennsp.dgws.retransmission-window}
 * are forgotten and purged.
 */
@Singleton
public class StoredDgwsReplies implements DgwsRetransmissions {
    private static final Logger LOG = LoggerFactory.getLogger(StoredDgwsReplies.class);

    private final Messages messages;
    private final Clock clock;
    private final Duration window;
    private final Duration pendingTimeout;

    public StoredDgwsReplies(Messages messages, Clock clock,
                             @Value("${opennsp.dgws.retransmission-window:15m}") Duration window,
                             @Value("${opennsp.dgws.retransmission-pending-timeout:60s}") Duration pendingTimeout) {
        this.messages = messages;
        this.clock = clock;
        this.window = window;
        this.pendingTimeout = pendingTimeout;
    }

    @Override
    public Outcome begin(String sender, String messageId, String fingerprint) {
        Instant now = clock.instant();
        Optional<Message> seen = messages.findBySenderAndMessageId(sender, messageId);
        if (seen.isEmpty()) {
            try {
                return new Fresh(messages.save(new Message(null, sender, messageId, fingerprint, null, now, null)).id());
            } catch (DataAccessException sentTwiceAtOnce) {
                seen = messages.findBySenderAndMessageId(sender, messageId);
                if (seen.isEmpty()) {
                    throw sentTwiceAtOnce;
                }
            }
        }
        Message m = seen.get();
        boolean forgotten = m.receivedAt().isBefore(now.minus(window));
        boolean abandoned = m.completedAt() == null && m.receivedAt().isBefore(now.minus(pendingTimeout));
        if (forgotten || abandoned) {
            // outside the window the MessageID is new again; a pending entry this old lost its node
            return messages.takeOver(m.id(), m.receivedAt(), fingerprint, now) == 1 ? new Fresh(m.id()) : new InProgress();
        }
        if (!m.fingerprint().equals(fingerprint)) {
            return new Conflict();
        }
        if (m.completedAt() == null) {
            return new InProgress();
        }
        return new Replay(m.response().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void complete(long id, byte[] response) {
        messages.complete(id, new String(response, StandardCharsets.UTF_8), clock.instant());
    }

    @Override
    public void abandon(long id) {
        messages.deleteById(id);
    }

    @Scheduled(fixedDelay = "${opennsp.dgws.retransmission-purge-interval:5m}", initialDelay = "1m")
    void purge() {
        try {
            messages.purge(clock.instant().minus(window));
        } catch (RuntimeException e) {
            LOG.warn("Old DGWS retransmission entries could not be purged: {}", e.toString());
        }
    }

    @MappedEntity("dgws_message")
    public record Message(@Id @GeneratedValue @Nullable Long id, String sender, String messageId, String fingerprint,
                          @Nullable String response, Instant receivedAt, @Nullable Instant completedAt) {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    public interface Messages extends CrudRepository<Message, Long> {
        Optional<Message> findBySenderAndMessageId(String sender, String messageId);

        @Query("UPDATE dgws_message SET response = :response, completed_at = :at WHERE id = :id")
        void complete(long id, String response, Instant at);

        /** Restarts an entry for a new execution, unless another node restarted it first. */
        @Query("""
                UPDATE dgws_message SET fingerprint = :fingerprint, received_at = :now, response = NULL, completed_at = NULL
                WHERE id = :id AND received_at = :seen""")
        int takeOver(long id, Instant seen, String fingerprint, Instant now);

        @Query("DELETE FROM dgws_message WHERE received_at < :before")
        int purge(Instant before);
    }
}
