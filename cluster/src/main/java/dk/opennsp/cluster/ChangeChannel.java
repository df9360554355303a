package dk.opennsp.cluster;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells every node of committed changes to the state nodes keep in memory (blockings, SOR), so that
 * another node honours a change within milliseconds instead of a polling interval.
 *
 * <p>PostgreSQL {@code NOTIFY} is transactional: {@link #publish} inside the write transaction is
 * delivered when, and only if, the write commits. Each node holds one dedicated {@code LISTEN}
 * connection, reconnects by itself, and after every (re)connect asks each subscriber to
 * {@link ChangeSubscriber#resync resync}, because notifications sent while it was away are lost.
 * {@code LISTEN} is issued before the resync, so nothing committed in between is missed.
 *
 * <p>{@link #isCurrent} says whether this node can vouch that it hears every change: the connection
 * was proven alive (or reconnected and resynced) within {@code opennsp.cluster.max-silence}, so what
 * it holds is at most that stale. Blocking
 * decisions fail closed when it cannot. The channel is per schema, so deployments sharing a database
 * do not hear each other. On H2 (one process, no other writer) there is nothing to hear: always current.
 */
@Singleton
public class ChangeChannel {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeChannel.class);
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private record Subscription(ChangeTopic topic, ChangeSubscriber subscriber) {
    }

    private final ClusterConnections connections;
    private final Duration heartbeat;
    private final Duration maxSilence;
    private final Clock clock;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private volatile String channelName;
    private volatile Instant confirmedAt;
    private volatile boolean running;
    private volatile Connection listening;
    private Thread listener;

    public ChangeChannel(ClusterConnections connections,
                         @Value("${opennsp.cluster.heartbeat:500ms}") Duration heartbeat,
                         @Value("${opennsp.cluster.max-silence:3s}") Duration maxSilence,
                         Clock clock) {
        this.connections = connections;
        this.heartbeat = heartbeat;
        this.maxSilence = maxSilence;
        this.clock = clock;
    }

    /** Whether notifications are used at all: only a shared (PostgreSQL) database has other writers. */
    public boolean isActive() {
        return connections.shared();
    }

    /** Whether this node hears every committed change now (always, without other writers). */
    public boolean isCurrent() {
        if (!isActive()) {
            return true;
        }
        // a reconnect within max-silence is tolerated: it resyncs before confirming again
        Instant confirmed = confirmedAt;
        return confirmed != null && !confirmed.plus(maxSilence).isBefore(clock.instant());
    }

    public void subscribe(ChangeTopic topic, ChangeSubscriber subscriber) {
        subscriptions.add(new Subscription(topic, subscriber));
    }

    /**
     * Announces a change inside the writing transaction, on its connection: delivered to every node
     * (this one too) when the transaction commits, never if it rolls back.
     */
    public void publish(Connection transaction, ChangeTopic topic, Object key) {
        if (!isActive()) {
            return;
        }
        try (PreparedStatement s = transaction.prepareStatement("SELECT pg_notify(?, ?)")) {
            s.setString(1, channel(transaction));
            s.setString(2, topic.payload(key));
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("The change notification cannot be sent: " + e.getMessage(), e);
        }
    }

    @EventListener
    synchronized void onStartup(StartupEvent event) {
        if (!isActive() || running) {
            return;
        }
        running = true;
        listener = new Thread(this::listen, "opennsp-change-listener");
        listener.setDaemon(true);
        listener.start();
    }

    @PreDestroy
    synchronized void stop() {
        running = false;
        Connection c = listening;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        if (listener != null) {
            listener.interrupt();
        }
    }

    private void listen() {
        long backoff = 100;
        while (running) {
            try (Connection c = connections.open("opennsp-change-listener", heartbeat.plus(Duration.ofSeconds(2)))) {
                String name = channel(c);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN \"" + name + "\"");
                }
                // so an operator sees in pg_stat_activity which deployment a listener belongs to
                try (PreparedStatement s = c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                    s.setString(1, listenerName(name));
                    s.execute();
                }
                listening = c;
                for (Subscription s : subscriptions) {
                    s.subscriber().resync();
                }
                confirmedAt = clock.instant();
                LOG.info("Listening for other nodes' changes on channel {}", name);
                backoff = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications((int) Math.max(1, heartbeat.toMillis()));
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            dispatch(n.getParameter());
                        }
                    }
                    // a notification-free wait proves nothing about a silent network: ask the server
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    confirmedAt = clock.instant();
                }
            } catch (Exception e) {
                listening = null;
                if (running) {
                    LOG.warn("Change channel lost ({}); reconnecting in {} ms. Blocking decisions are refused once "
                            + "it has been silent for {}", e.toString(), backoff, maxSilence);
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
                }
            }
        }
        listening = null;
    }

    /** A subscriber that cannot apply a change throws: the channel reconnects and resyncs everything. */
    private void dispatch(String payload) {
        ChangeTopic.ofPayload(payload).ifPresent(topic -> {
            String key = ChangeTopic.key(payload);
            for (Subscription s : subscriptions) {
                if (s.topic() == topic) {
                    s.subscriber().changed(key);
                }
            }
        });
    }

    /** The listener connection's application_name: {@code opennsp-listener opennsp_changes}. */
    public static String listenerName(String channel) {
        return "opennsp-listener " + channel;
    }

    /** {@code opennsp_changes}, or {@code opennsp_changes_<schema>} outside the public schema. */
    private String channel(Connection c) throws SQLException {
        String known = channelName;
        if (known != null) {
            return known;
        }
        String schema;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT current_schema()")) {
            schema = r.next() ? r.getString(1) : null;
        }
        String name = schema == null || schema.equals("public") ? "opennsp_changes"
                : "opennsp_changes_" + schema.replaceAll("[^A-Za-z0-9_]", "_");
        name = name.length() > 63 ? name.substring(0, 63) : name;
        channelName = name;
        return name;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
