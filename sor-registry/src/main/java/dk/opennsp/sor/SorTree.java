package dk.opennsp.sor;

import dk.opennsp.cluster.ChangeChannel;
import dk.opennsp.cluster.ChangeSubscriber;
import dk.opennsp.cluster.ChangeTopic;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The current SOR tree in memory: single-entity lookups, name/part-of searches, SHAK maps, inherited
 * addresses and {@link #isWithin} for MinSpærring run without a database round-trip.
 *
 * <p>The tree is an immutable snapshot swapped atomically. It follows the {@link SorFeed}: it knows
 * the feed position it holds, and catches up by reading every entity written after it, when a
 * {@link ChangeChannel} notification says another write committed (any node, within milliseconds),
 * by a slow poll as a safety net ({@code opennsp.sor.refresh-interval}), and after a reconnect. A
 * change on this node is applied before the writing request returns.
 */
@Singleton
public class SorTree implements ChangeSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(SorTree.class);
    /** Deeper than any real SOR tree; stops a corrupt parent cycle from looping. */
    static final int MAX_DEPTH = 64;

    private final SorOrganisationRepository repository;
    private final SorFeed feed;
    private volatile Snapshot snapshot = new Snapshot(Map.of());
    private volatile boolean loaded;
    /** The feed position every entity held here is at least as new as. */
    private volatile long position = -1;

    public SorTree(SorOrganisationRepository repository, SorFeed feed, ChangeChannel channel) {
        this.repository = repository;
        this.feed = feed;
        channel.subscribe(ChangeTopic.SOR, this);
    }

    /** Immutable: entities by code, children by parent code, entity by SHAK code. */
    private record Snapshot(Map<String, SorOrganisation> byCode, Map<String, List<String>> children,
                            Map<String, String> byShak) {
        Snapshot(Map<String, SorOrganisation> byCode) {
            this(byCode, childrenOf(byCode.values()), shakIndex(byCode.values()));
        }

        private static Map<String, List<String>> childrenOf(Collection<SorOrganisation> all) {
            Map<String, List<String>> children = new HashMap<>();
            for (SorOrganisation o : all) {
                if (o.parentSorCode() != null) {
                    children.computeIfAbsent(o.parentSorCode(), k -> new ArrayList<>()).add(o.sorCode());
                }
            }
            children.replaceAll((k, v) -> List.copyOf(v));
            return children;
        }

        private static Map<String, String> shakIndex(Collection<SorOrganisation> all) {
            Map<String, String> shak = new HashMap<>();
            for (SorOrganisation o : all) {
                if (o.shakCode() != null) {
                    shak.put(o.shakCode(), o.sorCode());
                }
            }
            return shak;
        }
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (!loaded) {
            reload();
        }
    }

    /** Loads the whole tree. The position is read first: every entity read is at least that new. */
    public synchronized void reload() {
        long at = feed.position();
        Map<String, SorOrganisation> all = new HashMap<>();
        for (SorOrganisation o : repository.findAll()) {
            all.put(o.sorCode(), o);
        }
        snapshot = new Snapshot(all);
        position = at;
        loaded = true;
        LOG.info("SOR tree loaded: {} entities at feed position {}", all.size(), at);
    }

    /** Applies every entity written after the position held; nothing when the feed has not moved. */
    public synchronized void catchUp() {
        if (!loaded) {
            reload();
            return;
        }
        long at = feed.position();
        if (at <= position) {
            return;
        }
        List<SorOrganisation> changed = repository.findChangedAfter(position);
        apply(changed);
        position = at;
        LOG.debug("SOR tree caught up to feed position {} ({} entities)", at, changed.size());
    }

    @Override
    public void changed(String key) {
        catchUp();
    }

    @Override
    public void resync() {
        catchUp();
    }

    @Scheduled(fixedDelay = "${opennsp.sor.refresh-interval:5s}", initialDelay = "${opennsp.sor.refresh-interval:5s}")
    void refreshIfChangedElsewhere() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            // keep serving the last good tree; the next tick tries again
            LOG.warn("SOR tree refresh failed: {}", e.toString());
        }
    }

    /**
     * Applies committed entities (this node's writes, or rows read from the feed). Never goes back:
     * a row read just before a newer version was applied here is ignored.
     */
    public synchronized void apply(Collection<SorOrganisation> changed) {
        if (!loaded) {
            reload();
            return;
        }
        Map<String, SorOrganisation> all = new HashMap<>(snapshot.byCode());
        for (SorOrganisation o : changed) {
            SorOrganisation held = all.get(o.sorCode());
            if (held == null || held.version() <= o.version()) {
                all.put(o.sorCode(), o);
            }
        }
        snapshot = new Snapshot(all);
    }

    public Optional<SorOrganisation> find(String sorCode) {
        return sorCode == null ? Optional.empty() : Optional.ofNullable(snapshot.byCode().get(sorCode));
    }

    public Optional<String> nameOf(String sorCode) {
        return find(sorCode).map(SorOrganisation::name);
    }

    public Optional<SorOrganisation> findByShak(String shakCode) {
        Snapshot s = snapshot;
        String code = shakCode == null ? null : s.byShak().get(shakCode);
        return code == null ? Optional.empty() : Optional.ofNullable(s.byCode().get(code));
    }

    /** The region (institution owner) registered with this CVR number. */
    public Optional<SorOrganisation> regionByCvr(String cvr) {
        return cvr == null ? Optional.empty() : snapshot.byCode().values().stream()
                .filter(o -> cvr.equals(o.cvr()) && SorAdministrators.isRegion(o)).findFirst();
    }

    /** The feed position this tree has caught up to (-1 before it is loaded). */
    public long position() {
        return position;
    }

    public int size() {
        return snapshot.byCode().size();
    }

    /**
     * True when {@code unit} is {@code ancestor} or lies below it in the current tree. Unknown codes
     * are within nothing but themselves, so a blocking of an unknown unit still matches that unit.
     */
    public boolean isWithin(String unit, String ancestor) {
        if (unit == null || ancestor == null) {
            return false;
        }
        Map<String, SorOrganisation> byCode = snapshot.byCode();
        String current = unit;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (current.equals(ancestor)) {
                return true;
            }
            SorOrganisation o = byCode.get(current);
            current = o == null ? null : o.parentSorCode();
        }
        return false;
    }

    /** The entity and its ancestors, nearest first. */
    public List<SorOrganisation> lineage(String sorCode) {
        Map<String, SorOrganisation> byCode = snapshot.byCode();
        List<SorOrganisation> lineage = new ArrayList<>();
        SorOrganisation o = byCode.get(sorCode);
        while (o != null && lineage.size() < MAX_DEPTH) {
            lineage.add(o);
            o = o.parentSorCode() == null ? null : byCode.get(o.parentSorCode());
        }
        return lineage;
    }

    public List<SorOrganisation> children(String sorCode) {
        Snapshot s = snapshot;
        return s.children().getOrDefault(sorCode, List.of()).stream().map(s.byCode()::get).toList();
    }

    /** Children that are still open on the date (a unit cannot close above these). */
    public List<SorOrganisation> openChildren(String sorCode, LocalDate on) {
        return children(sorCode).stream().filter(c -> c.toDate() == null || c.toDate().isAfter(on)).toList();
    }

    public SorAddress postalAddress(String sorCode) {
        return inherited(sorCode, o -> new SorAddress(o.postalStreet(), o.postalCode(), o.postalCity(), null));
    }

    public SorAddress visitingAddress(String sorCode) {
        return inherited(sorCode, o -> new SorAddress(o.visitingStreet(), o.visitingPostalCode(), o.visitingCity(), null));
    }

    private SorAddress inherited(String sorCode, java.util.function.Function<SorOrganisation, SorAddress> address) {
        List<SorOrganisation> lineage = lineage(sorCode);
        for (int i = 0; i < lineage.size(); i++) {
            SorAddress a = address.apply(lineage.get(i));
            if (!a.isEmpty()) {
                return i == 0 ? a : new SorAddress(a.street(), a.postalCode(), a.city(), lineage.get(i).sorCode());
            }
        }
        return null;
    }

    /**
     * Search: the entity with {@code code}, name contains (case-insensitive) and/or direct children
     * of {@code partOf}, all optional and combined; sorted by name then code so paging is stable.
     * Returns the total and one page.
     */
    public Page search(String code, String nameContains, String partOf, int offset, int count) {
        Snapshot s = snapshot;
        String needle = nameContains == null ? null : nameContains.toLowerCase(Locale.ROOT);
        Predicate<SorOrganisation> matches = o -> (needle == null || o.name().toLowerCase(Locale.ROOT).contains(needle))
                && (partOf == null || partOf.equals(o.parentSorCode()));
        Collection<SorOrganisation> candidates = code != null ? find(code).stream().toList()
                : partOf == null ? s.byCode().values()
                : s.children().getOrDefault(partOf, List.of()).stream().map(s.byCode()::get).toList();
        List<SorOrganisation> hits = candidates.stream().filter(matches)
                .sorted(Comparator.comparing(SorOrganisation::name).thenComparing(SorOrganisation::sorCode)).toList();
        int from = Math.min(offset, hits.size());
        return new Page(hits.size(), hits.subList(from, Math.min(hits.size(), from + count)));
    }

    public record Page(int total, List<SorOrganisation> items) {
    }
}
