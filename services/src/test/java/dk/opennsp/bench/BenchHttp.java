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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP helpers the benchmark drivers share: dev tokens, requests, and a closed-loop load run with percentiles. */
final class BenchHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    BenchHttp(String base) {
        this.base = base;
    }

    String token(String identity) {
        String body = send("POST", "/dev/token", null, "{\"identity\":\"" + identity + "\"}").body();
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no token for " + identity + ": " + body);
        }
        return m.group(1);
    }

    HttpResponse<String> send(String method, String path, String token, String body) {
        return send(method, path, token, body, Map.of());
    }

    HttpResponse<String> send(String method, String path, String token, String body, Map<String, String> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            headers.forEach(b::header);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
    }

    /** Latencies of one measured run: count, per second, p50, p99 (ms), errors. */
    record Run(int count, double perSecond, double p50, double p99, int errors) {
        @Override
        public String toString() {
            return String.format("%,.0f req/s, p50 %.1f ms, p99 %.1f ms, %d errors", perSecond, p50, p99, errors);
        }
    }

    /**
     * {@code clients} threads call {@code request} (given a running counter) back to back; after a
     * warm-up, the latencies of successful calls (status 2xx) over {@code seconds} are measured.
     */
    static Run closedLoop(int clients, int warmupSeconds, int seconds, IntFunction<HttpResponse<String>> request)
            throws InterruptedException {
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    HttpResponse<String> r = request.apply(counter.incrementAndGet());
                    long took = System.nanoTime() - start;
                    if (measuring.get()) {
                        if (r.statusCode() / 100 == 2) {
                            latencies.add(took);
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                }
                return null;
            });
        }
        Thread.sleep(warmupSeconds * 1000L);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return new Run(0, 0, 0, 0, errors.get());
        }
        return new Run(sorted.size(), sorted.size() / elapsed, sorted.get(sorted.size() / 2) / 1e6,
                sorted.get((int) (sorted.size() * 0.99)) / 1e6, errors.get());
    }
}
