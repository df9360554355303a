package dk.opennsp.minspaerring;

import dk.opennsp.cluster.ChangeChannel;
import dk.opennsp.cluster.ChangeSubscriber;
import dk.opennsp.cluster.ChangeTopic;
import dk.opennsp.sor.SorTree;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every registration that may still apply, in memory by citizen, so a consent check costs no
 * database round-trip. A write on this node is applied before its request returns; other nodes'
 * writes arrive within milliseconds as {@link ChangeChannel} notifications (the registration is read
 * by id), and by polling {@code updated_at} ({@code opennsp.minspaerring.refresh-interval}) as a
 * safety net. After a reconnect of the channel the whole index is reloaded.
 *
 * <p>Fail closed: until the first load succeeds, when the last successful refresh is older than
 * {@code opennsp.minspaerring.max-staleness}, or when the change channel cannot vouch that this node
 * hears other nodes' writes ({@link ChangeChannel#isCurrent}), {@link #verdict} throws and the access
 * guard answers 503 rather than judging by blockings that may be out of date.
 */
@Singleton
public class BlockingIndex implements ChangeSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(BlockingIndex.class);
    /** Re-read this much before the newest change seen: another node's transaction may commit late. */
    private static final Duration COMMIT_OVERLAP = Duration.ofMinutes(1);

    private final BlockingRepository repository;
    private final SorTree tree;
    private final ChangeChannel channel;
    private final Clock clock;
    private final Duration maxStaleness;
    /** Replaced whole by a reload, so a lookup never sees a half-loaded index. */
    private volatile Map<String, List<Blocking>> byCitizen = new ConcurrentHashMap<>();
    private volatile Instant newestChange = Instant.EPOCH;
    private volatile Instant lastRefresh;

    public BlockingIndex(BlockingRepository repository, SorTree tree, ChangeChannel channel, Clock clock,
                         @Value("${opennsp.minspaerring.max-staleness:30s}") Duration maxStaleness) {
        this.repository = repository;
        this.tree = tree;
        this.channel = channel;
        this.clock = clock;
        this.maxStaleness = maxStaleness;
        channel.subscribe(ChangeTopic.BLOCKING, this);
    }

    @EventListener
    void onStartup(StartupEvent event) {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.error("MinSpærring index could not be loaded; lookups are refused until it is: {}", e.toString());
        }
    }

    /**
     * Loads every registration that may still apply into a new index and swaps it in. Writes applied
     * meanwhile wait (both are synchronized), so none is lost by the swap.
     */
    public synchronized void reload() {
        Instant started = clock.instant();
        List<Blocking> all = repository.findNotExpired(started);
        Map<String, List<Blocking>> loaded = new ConcurrentHashMap<>();
        all.forEach(b -> put(loaded, b));
        byCitizen = loaded;
        lastRefresh = started;
        LOG.info("MinSpærring index loaded: {} registrations for {} citizens", all.size(), loaded.size());
    }

    @Scheduled(fixedDelay = "${opennsp.minspaerring.refresh-interval:5s}", initialDelay = "${opennsp.minspaerring.refresh-interval:5s}")
    void refresh() {
        try {
            if (lastRefresh == null) {
                reload();
                return;
            }
            Instant started = clock.instant();
            apply(repository.findChangedSince(newestChange.minus(COMMIT_OVERLAP)));
            lastRefresh = started;
        } catch (RuntimeException e) {
            LOG.warn("MinSpærring index refresh failed (lookups are refused once it is {} old): {}", maxStaleness, e.toString());
        }
    }

    /** A change to registration {@code key} was committed (by any node): read it and apply it. */
    @Override
    public void changed(String key) {
        long id;
        try {
            id = Long.parseLong(key);
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring a blocking notification without an id: {}", key);
            return;
        }
        repository.findById(id).ifPresent(b -> apply(List.of(b)));
    }

    /** Notifications may have been missed: reload everything. */
    @Override
    public void resync() {
        reload();
    }

    /** Applies committed registrations (new or ended); re-applying one is harmless. */
    public synchronized void apply(Collection<Blocking> changed) {
        Map<String, List<Blocking>> index = byCitizen;
        changed.forEach(b -> put(index, b));
    }

    private void put(Map<String, List<Blocking>> index, Blocking b) {
        // ended registrations are kept a while, so a refresh that read the row before it ended cannot revive it
        Instant now = clock.instant().minus(COMMIT_OVERLAP);
        index.compute(b.citizenCpr(), (cpr, current) -> {
            List<Blocking> next = new ArrayList<>(current == null ? 1 : current.size() + 1);
            Blocking latest = b;
            if (current != null) {
                for (Blocking existing : current) {
                    if (existing.id().equals(b.id())) {
                        // a refresh may read a row just before this node changed it: keep the newer state
                        latest = existing.updatedAt().isAfter(b.updatedAt()) ? existing : b;
                    } else if (!existing.expiredAt(now)) {
                        next.add(existing);
                    }
                }
            }
            if (!latest.expiredAt(now)) {
                next.add(latest);
            }
            return next.isEmpty() ? null : List.copyOf(next);
        });
        if (b.updatedAt().isAfter(newestChange)) {
            newestChange = b.updatedAt();
        }
    }

    /** Whether blocking decisions can be made now: loaded, refreshed within the allowed staleness, hearing other nodes. */
    public boolean isFresh() {
        Instant refreshed = lastRefresh;
        return refreshed != null && !refreshed.plus(maxStaleness).isBefore(clock.instant()) && channel.isCurrent();
    }

    /** The citizen's registrations judged for this professional now. */
    public Verdict verdict(Viewer viewer, String citizenCpr, Instant at) {
        if (!isFresh()) {
            Instant refreshed = lastRefresh;
            throw new IllegalStateException(refreshed == null ? "The MinSpærring index is not loaded"
                    : !channel.isCurrent() ? "This node cannot hear other nodes' MinSpærring changes"
                    : "The MinSpærring index has not been refreshed since " + refreshed);
        }
        List<Blocking> registrations = byCitizen.get(citizenCpr);
        return registrations == null ? Verdict.NOTHING_REGISTERED : Verdict.judge(registrations, viewer, at, tree);
    }

    public int citizens() {
        return byCitizen.size();
    }

    /** Registrations held (current ones, and ended ones kept a short while); counted on demand, for metrics. */
    public long registrations() {
        long n = 0;
        for (List<Blocking> registrations : byCitizen.values()) {
            n += registrations.size();
        }
        return n;
    }

    /** When the index was last loaded or refreshed from the database, or null before the first load. */
    public Instant lastRefresh() {
        return lastRefresh;
    }
}
