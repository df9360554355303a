package dk.opennsp.bench;

import dk.opennsp.cluster.ChangeChannel;
import dk.opennsp.cluster.ClusterConnections;
import dk.opennsp.minspaerring.Blocking;
import dk.opennsp.minspaerring.BlockingIndex;
import dk.opennsp.minspaerring.BlockingKind;
import dk.opennsp.minspaerring.BlockingRepository;
import dk.opennsp.minspaerring.Viewer;
import dk.opennsp.security.access.ConsentDecision;
import dk.opennsp.security.access.DataOrigin;
import dk.opennsp.services.dev.DevSorData;
import dk.opennsp.sor.SorFeed;
import dk.opennsp.sor.SorOrganisation;
import dk.opennsp.sor.SorOrganisationRepository;
import dk.opennsp.sor.SorTree;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Microbenchmark, not a test (bench/blocking.sh runs it): the per-check cost of the in-memory
 * MinSpærring index, as the access guard uses it (judge the citizen's registrations for one caller,
 * then filter two items). The demo SOR tree (832 units) backs sub-unit checks; the index holds
 * {@code citizens} citizens with 1–3 registrations each, of every kind. Half the checks are for
 * citizens without registrations (the common case).
 */
public final class BlockingIndexBench {

    public static void main(String[] args) throws Exception {
        int citizens = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        List<SorOrganisation> sor = DevSorData.build();
        List<String> units = sor.stream().map(SorOrganisation::sorCode).toList();
        // one node on an unshared database: no change channel, the feed never moves
        ChangeChannel channel = new ChangeChannel(new ClusterConnections(new DatasourceConfiguration("default")),
                Duration.ofMillis(500), Duration.ofSeconds(3), Clock.systemUTC());
        SorFeed feed = new SorFeed(repository(SorFeed.Rows.class, "position", Optional.of(0L)), Clock.systemUTC());
        SorTree tree = new SorTree(repository(SorOrganisationRepository.class, "findAll", sor), feed, channel);
        tree.reload();

        SplittableRandom random = new SplittableRandom(42);
        List<Blocking> registrations = new ArrayList<>();
        BlockingKind[] kinds = BlockingKind.values();
        Instant now = Instant.now();
        long id = 0;
        for (int c = 0; c < citizens; c++) {
            String cpr = cpr(c);
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                BlockingKind kind = kinds[random.nextInt(kinds.length)];
                String target = kind.namesProfessional() ? authorization(random.nextInt(10_000))
                        : kind.namesOrganisation() ? units.get(random.nextInt(units.size())) : null;
                boolean period = kind == BlockingKind.DATA_PERIOD;
                registrations.add(new Blocking(++id, cpr, kind, target, kind.namesOrganisation() && random.nextBoolean(),
                        period ? now.minus(Duration.ofDays(900)) : null, period ? now.minus(Duration.ofDays(400)) : null,
                        null, null, "self", now, "bench", now, null));
            }
        }
        BlockingIndex index = new BlockingIndex(repository(BlockingRepository.class, "findNotExpired", registrations),
                tree, channel, Clock.systemUTC(), Duration.ofHours(1));
        long loadStart = System.nanoTime();
        index.reload();
        System.out.printf("index: %,d registrations for %,d citizens loaded in %d ms; heap used %,d MB%n",
                registrations.size(), index.citizens(), (System.nanoTime() - loadStart) / 1_000_000, usedHeapMb());

        int probes = 1 << 16;
        String[] probeCitizens = new String[probes];
        Viewer[] viewers = new Viewer[probes];
        DataOrigin[][] items = new DataOrigin[probes][];
        for (int i = 0; i < probes; i++) {
            probeCitizens[i] = cpr(random.nextInt(citizens * 2)); // half have no registrations
            viewers[i] = Viewer.of(authorization(random.nextInt(10_000)), null, units.get(random.nextInt(units.size())));
            items[i] = new DataOrigin[]{
                    new DataOrigin(units.get(random.nextInt(units.size())), now.minus(Duration.ofDays(random.nextInt(1000)))),
                    new DataOrigin(units.get(random.nextInt(units.size())), now.minus(Duration.ofDays(random.nextInt(1000))))};
        }

        run("warm-up", index, probeCitizens, viewers, items, 1, 3_000);
        run("1 thread", index, probeCitizens, viewers, items, 1, 5_000);
        run("2 threads", index, probeCitizens, viewers, items, 2, 5_000);
        System.exit(0);
    }

    private static void run(String label, BlockingIndex index, String[] cprs, Viewer[] viewers, DataOrigin[][] items,
                            int threads, long millis) {
        List<CompletableFuture<long[]>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * 7919;
            workers.add(CompletableFuture.supplyAsync(() -> {
                long deadline = System.nanoTime() + millis * 1_000_000L;
                long checks = 0;
                long visible = 0;
                Instant at = Instant.now();
                int mask = cprs.length - 1;
                while (System.nanoTime() < deadline) {
                    for (int k = 0; k < 1024; k++) {
                        int i = (int) ((checks + offset) & mask);
                        ConsentDecision decision = index.verdict(viewers[i], cprs[i], at).decision();
                        if (decision instanceof ConsentDecision.Allow) {
                            visible += 2;
                        } else if (decision instanceof ConsentDecision.Filter f) {
                            for (DataOrigin item : items[i]) {
                                visible += f.visible().test(item) ? 1 : 0;
                            }
                        }
                        checks++;
                    }
                }
                return new long[]{checks, visible};
            }));
        }
        long checks = 0;
        long visible = 0;
        for (CompletableFuture<long[]> w : workers) {
            long[] r = w.join();
            checks += r[0];
            visible += r[1];
        }
        double perSecond = checks / (millis / 1000.0);
        System.out.printf("%-9s: %,.0f checks/s, %.0f ns per check per thread (%,d items visible of %,d)%n",
                label, perSecond, threads * 1e9 / perSecond, visible, checks * 2);
    }

    private static String cpr(int n) {
        return String.format("%010d", 1_000_000_000L + n);
    }

    private static String authorization(int n) {
        return String.format("B%04d", n);
    }

    private static long usedHeapMb() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
    }

    /** A repository that answers only the one query the bench needs, with fixed rows. */
    @SuppressWarnings("unchecked")
    private static <T> T repository(Class<T> type, String method, Object rows) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, m, a) -> {
            if (m.getName().equals(method)) {
                return rows;
            }
            if (m.getName().equals("findChangedSince")) {
                return List.of();
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }
}
