package dk.opennsp.bench;

import dk.opennsp.security.dgws.DgwsConfig;
import dk.opennsp.security.dgws.DgwsRevocation;
import dk.opennsp.security.dgws.DgwsTrustAnchors;
import dk.opennsp.security.dgws.IdCardIssuer;
import dk.opennsp.security.dgws.IdCardIssuer.CardSubject;
import dk.opennsp.security.dgws.IdCardValidator;
import dk.opennsp.security.dgws.SoapEnvelopeScanner;
import dk.opennsp.security.dgws.TrustAnchorSource;
import dk.opennsp.services.dev.DevSts;

import javax.xml.crypto.dsig.SignatureMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark, not a test (bench/dgws.sh runs it). Prints:
 * 1. ID-card validations per second in-process: uncached (every card new) and cached (one card reused);
 * 2. GetMedicineCard requests per second over HTTP with one reused card (closed loop);
 * 3. latency percentiles at half that rate (open loop, fixed arrival rate).
 */
public final class DgwsBench {
    public static void main(String[] args) throws Exception {
        validationRates();
        if (args.length == 2) {
            httpRates(args[0], Files.readString(Path.of(args[1])));
        }
        System.exit(0); // the HTTP client's pools are not daemon threads
    }

    private static void validationRates() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X509Certificate certificate = DevSts.selfSigned(keys);
        IdCardIssuer issuer = new IdCardIssuer(keys.getPrivate(), certificate, "bench STS");
        TrustAnchorSource anchor = () -> List.of(certificate);
        DgwsTrustAnchors anchors = new DgwsTrustAnchors(new DgwsConfig(), List.of(anchor));
        IdCardValidator validator = new IdCardValidator(anchors, new DgwsRevocation(new DgwsConfig(), anchors, Clock.systemUTC()),
                new DgwsConfig(), Clock.systemUTC());
        CardSubject subject = CardSubject.user("0101701111", "Bench", "Doctor", "7170", "B0001", "Bench EPJ", "12345678", "medcom:cvrnumber", "Bench");
        for (String method : List.of(SignatureMethod.RSA_SHA1, SignatureMethod.RSA_SHA256)) {
            int n = 3000;
            List<dk.opennsp.security.dgws.DgwsEnvelope.CardBytes> cards = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String card = issuer.issue(subject, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(24)), method);
                cards.add(SoapEnvelopeScanner.scan(dk.opennsp.security.dgws.DgwsRequestWriter.envelope(card, 4, java.util.Map.of(), "<x/>")).card());
            }
            for (int i = 0; i < 1000; i++) {
                validator.validate(cards.get(i)); // warm-up on a third of the cards
            }
            long start = System.nanoTime();
            for (int i = 1000; i < n; i++) {
                validator.validate(cards.get(i));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("uncached validations (%s, one thread): %.0f /s (%.1f µs each)%n",
                    method.substring(method.lastIndexOf('#') + 1), (n - 1000) / seconds, seconds * 1e6 / (n - 1000));
            long cachedStart = System.nanoTime();
            int repeats = 200_000;
            for (int i = 0; i < repeats; i++) {
                validator.validate(cards.get(0));
            }
            double cachedSeconds = (System.nanoTime() - cachedStart) / 1e9;
            System.out.printf("cached validations (same card, one thread): %.0f /s (%.2f µs each, includes the SHA-256 cache key)%n",
                    repeats / cachedSeconds, cachedSeconds * 1e6 / repeats);
        }
    }

    private static void httpRates(String base, String envelope) throws Exception {
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/soap/fmk"))
                .header("Content-Type", "text/xml; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(envelope)).build();
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException("GetMedicineCard answered " + status);
        }
        closedLoop(client, request, 16, Duration.ofSeconds(10)); // warm-up
        double rate = closedLoop(client, request, 16, Duration.ofSeconds(20));
        openLoop(client, request, rate / 2, Duration.ofSeconds(20));
    }

    private static double closedLoop(HttpClient client, HttpRequest request, int concurrency, Duration duration) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong errors = new AtomicLong();
        var pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            pool.submit(() -> {
                while (running.get()) {
                    long t = System.nanoTime();
                    try {
                        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - t);
                }
                return null;
            });
        }
        Thread.sleep(duration.toMillis());
        running.set(false);
        pool.shutdown();
        pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = latencies.size() / seconds;
        System.out.printf("GetMedicineCard, reused card, %d concurrent, %ds: %.0f req/s, %s, errors %d%n",
                concurrency, duration.toSeconds(), rate, percentiles(latencies), errors.get());
        return rate;
    }

    private static void openLoop(HttpClient client, HttpRequest request, double rate, Duration duration) throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (long next = start; next < end; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            long scheduled = next; // latency counted from the scheduled send time (no coordinated omission)
            inFlight.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e != null || r.statusCode() != 200) {
                    errors.incrementAndGet();
                }
                latencies.add(System.nanoTime() - scheduled);
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        System.out.printf("GetMedicineCard at a fixed %.0f req/s (half the closed-loop rate), %ds: %s, errors %d%n",
                rate, duration.toSeconds(), percentiles(new ArrayList<>(latencies)), errors.get());
    }

    private static String percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "no samples";
        }
        return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests)",
                at(sorted, 0.50), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6, sorted.size());
    }

    private static double at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }
}
