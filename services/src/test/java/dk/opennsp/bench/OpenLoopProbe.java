package dk.opennsp.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open-loop latency probe: sends GET requests at a fixed rate whatever the server does (no coordinated
 * omission: latency counts from the moment a request was due), and prints what came back: admitted
 * (2xx) latency percentiles, refusals by status, transport errors and, with {@code timeline}, a
 * second-by-second account (for outages: when did answers become fast 503s, when did 200s return).
 * Usage: OpenLoopProbe baseUrl path token ratePerSecond seconds label [timeline]
 */
public final class OpenLoopProbe {
    private record Outcome(long dueNanos, long latencyNanos, int status) {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0] + args[1];
        String token = args[2];
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String label = args[5];
        boolean timeline = args.length > 6 && args[6].equals("timeline");

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).GET().build();
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        int total = rate * seconds;
        CountDownLatch done = new CountDownLatch(total);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        long intervalNanos = 1_000_000_000L / rate;
        AtomicInteger sent = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            // catch up on every request that fell due since the last tick
            while (sent.get() < total && start + sent.get() * intervalNanos <= now) {
                long due = start + sent.getAndIncrement() * intervalNanos;
                client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    outcomes.add(new Outcome(due, System.nanoTime() - due, e == null ? r.statusCode() : -1));
                    done.countDown();
                });
            }
        }, 0, Math.max(1, intervalNanos / 2), TimeUnit.NANOSECONDS);
        done.await(seconds + 60L, TimeUnit.SECONDS);
        ticker.shutdownNow();

        List<Outcome> all = new ArrayList<>(outcomes);
        List<Long> admitted = all.stream().filter(o -> o.status / 100 == 2).map(Outcome::latencyNanos).sorted().toList();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        all.forEach(o -> byStatus.merge(o.status, 1, Integer::sum));
        System.out.printf("%s: %d sent at %d/s over %d s; admitted (2xx) %d: p50 %.1f ms, p99 %.1f ms, max %.1f ms; by status %s%n",
                label, all.size(), rate, seconds, admitted.size(), pct(admitted, 0.50), pct(admitted, 0.99),
                admitted.isEmpty() ? 0.0 : admitted.get(admitted.size() - 1) / 1e6, byStatus.toString().replace("-1=", "error="));
        if (timeline) {
            Map<Long, List<Outcome>> perSecond = new TreeMap<>();
            all.forEach(o -> perSecond.computeIfAbsent((o.dueNanos - start) / 1_000_000_000L, k -> new ArrayList<>()).add(o));
            System.out.println("  second  2xx  503  other  max-latency-ms");
            perSecond.forEach((second, list) -> System.out.printf("  %6d %4d %4d %6d %10.0f%n", second,
                    list.stream().filter(o -> o.status / 100 == 2).count(), list.stream().filter(o -> o.status == 503).count(),
                    list.stream().filter(o -> o.status / 100 != 2 && o.status != 503).count(),
                    list.stream().mapToLong(Outcome::latencyNanos).max().orElse(0) / 1e6));
        }
        System.exit(0);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p))) / 1e6;
    }
}
