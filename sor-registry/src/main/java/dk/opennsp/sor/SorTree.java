package dk.opennsp.sor;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
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
 * <p>The tree is an immutable snapshot swapped atomically: a change committed on this node is
 * applied before the writing request returns; changes made by other nodes are picked up by a
 * periodic check of the table's fingerprint ({@code opennsp.sor.refresh-interval}).
 */
@Singleton
public class SorTree {
    private static final Logger LOG = LoggerFactory.getLogger(SorTree.class);
    /** Deeper than any real SOR tree; stops a corrupt parent cycle from looping. */
    private static final int MAX_DEPTH = 64;

    private final SorOrganisationRepository repository;
    private volatile Snapshot snapshot = new Snapshot(Map.of());
    private volatile boolean loaded;

    public SorTree(SorOrganisationRepository repository) {
        this.repository = repository;
    }

    private record Fingerprint(Instant lastModified, long count) {
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

    /** Loads the whole tree (start-up, and when another node has changed the table). */
    public synchronized void reload() {
        Map<String, SorOrganisation> all = new HashMap<>();
        for (SorOrganisation o : repository.findAll()) {
            all.put(o.sorCode(), o);
        }
        snapshot = new Snapshot(all);
        loaded = true;
        LOG.info("SOR tree loaded: {} entities", all.size());
    }

    @Scheduled(fixedDelay = "${opennsp.sor.refresh-interval:30s}", initialDelay = "${opennsp.sor.refresh-interval:30s}")
    void refreshIfChangedElsewhere() {
        try {
            if (!storedFingerprint().equals(heldFingerprint())) {
                reload();
            }
        } catch (RuntimeException e) {
            // keep serving the last good tree; the next tick tries again
            LOG.warn("SOR tree refresh failed: {}", e.toString());
        }
    }

    private Fingerprint storedFingerprint() {
        return new Fingerprint(repository.lastModified().orElse(null), repository.count());
    }

    /** The same fingerprint of the tree held here: differs from the table's once another node writes. */
    private Fingerprint heldFingerprint() {
        Collection<SorOrganisation> all = snapshot.byCode().values();
        Instant newest = all.stream().map(SorOrganisation::lastModified).max(Comparator.naturalOrder()).orElse(null);
        return new Fingerprint(newest, all.size());
    }

    /** Applies committed writes of this node, so the very next request sees them. */
    public synchronized void apply(Collection<SorOrganisation> changed) {
        if (!loaded) {
            reload();
            return;
        }
        Map<String, SorOrganisation> all = new HashMap<>(snapshot.byCode());
        for (SorOrganisation o : changed) {
            all.put(o.sorCode(), o);
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
