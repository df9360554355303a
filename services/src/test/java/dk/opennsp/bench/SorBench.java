package dk.opennsp.bench;

import dk.opennsp.sor.SorCode;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark, not a test (bench/sor.sh runs it against a dev-mode instance). Prints:
 * 1. the time to grow SOR to 10,000 entities through the admin API (create rate);
 * 2. single-entity FHIR reads per second (closed loop, 16 clients) with p50/p99;
 * 3. the time for a full NDJSON export and a full FHIR _history walk of 10,000 entities;
 * 4. the time for a delta (NDJSON and FHIR _history _since) after 100 changes.
 */
public final class SorBench {
    private static final Pattern LAST_MODIFIED = Pattern.compile("\"lastModified\":\"([^\"]+)\"");
    private static final Pattern ETAG_VERSION = Pattern.compile("\\d+");
    private static BenchHttp http;

    public static void main(String[] args) throws Exception {
        http = new BenchHttp(args[0]);
        int target = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String admin = token("sor-admin-hovedstaden");
        String reader = token("doctor-karl");
        List<String> parents = List.of(SorCode.danish(10011), SorCode.danish(10012));

        int existing = count(reader);
        int toCreate = Math.max(0, target - existing);
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger item = new AtomicInteger(30000);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> jobs = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            jobs.add(pool.submit(() -> {
                int n;
                while ((n = item.getAndIncrement()) < 30000 + toCreate) {
                    String code = SorCode.danish(n);
                    String body = "{\"sorCode\":\"" + code + "\",\"parentSorCode\":\"" + parents.get(n % 2)
                            + "\",\"name\":\"Benchafsnit " + n + "\",\"unitType\":\"Afsnit\",\"fromDate\":\"2026-01-01\"}";
                    HttpResponse<String> r = send("POST", "/api/sor/units", admin, body, null);
                    if (r.statusCode() != 201) {
                        throw new IllegalStateException("create " + code + ": " + r.statusCode() + " " + r.body());
                    }
                    created.add(code);
                }
                return null;
            }));
        }
        for (Future<?> job : jobs) {
            job.get();
        }
        double createSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("SOR grown from %d to %d entities: %d creates in %.1f s (%.0f creates/s, 4 clients)%n",
                existing, count(reader), toCreate, createSeconds, toCreate / createSeconds);

        lookups(reader, created.isEmpty() ? List.of(SorCode.danish(10011)) : created);

        for (int run = 1; run <= 3; run++) {
            long s = System.nanoTime();
            HttpResponse<String> r = send("GET", "/api/sor/export", reader, null, null);
            long lines = r.body().lines().count();
            System.out.printf("Full NDJSON export, run %d: %d entities, %.1f MB in %d ms%n", run, lines,
                    r.body().length() / 1e6, (System.nanoTime() - s) / 1_000_000);
        }
        long s = System.nanoTime();
        int[] walked = historyWalk(reader, null);
        System.out.printf("Full FHIR _history walk (_count=5000): %d entities in %d pages, %d ms%n", walked[0], walked[1],
                (System.nanoTime() - s) / 1_000_000);

        String since = null;
        for (int i = 0; i < 100; i++) {
            String code = created.isEmpty() ? SorCode.danish(10011) : created.get(i % created.size());
            HttpResponse<String> current = send("GET", "/api/sor/units/" + code, reader, null, null);
            String etag = current.headers().firstValue("ETag").orElseThrow();
            String body = current.body().replaceFirst("\"name\":\"[^\"]*\"", "\"name\":\"Delta " + i + "\"");
            HttpResponse<String> r = send("PUT", "/api/sor/units/" + code, admin, body, etag);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("update " + code + ": " + r.statusCode() + " " + r.body());
            }
            if (since == null) {
                Matcher m = LAST_MODIFIED.matcher(r.body());
                m.find();
                since = m.group(1);
            }
        }
        for (int run = 1; run <= 3; run++) {
            long d = System.nanoTime();
            HttpResponse<String> r = send("GET", "/api/sor/export?since=" + enc(since), reader, null, null);
            System.out.printf("Delta after 100 changes (NDJSON since), run %d: %d entities in %d ms%n", run,
                    r.body().lines().count(), (System.nanoTime() - d) / 1_000_000);
        }
        long d = System.nanoTime();
        int[] delta = historyWalk(reader, since);
        System.out.printf("Delta after 100 changes (FHIR _history _since): %d entities in %d ms%n", delta[0],
                (System.nanoTime() - d) / 1_000_000);
        pool.shutdownNow();
        System.exit(0);
    }

    private static void lookups(String reader, List<String> codes) throws Exception {
        BenchHttp.Run run = BenchHttp.closedLoop(16, 5, 15,
                i -> send("GET", "/fhir/Organization/" + codes.get((i * 7) % codes.size()), reader, null, null));
        System.out.printf("FHIR Organization read (16 clients, 15 s): %s%n", run);
    }

    /** Walks the _history next links; returns {entities, pages}. */
    private static int[] historyWalk(String reader, String since) throws Exception {
        String url = "/fhir/Organization/_history?_count=5000" + (since == null ? "" : "&_since=" + enc(since));
        int entities = 0;
        int pages = 0;
        Pattern next = Pattern.compile("\"relation\":\"next\",\"url\":\"[^\"]*?(/fhir/[^\"]+)\"");
        while (url != null) {
            String body = send("GET", url, reader, null, null).body();
            pages++;
            entities += count(body, "\"fullUrl\"");
            Matcher m = next.matcher(body);
            url = m.find() ? m.group(1).replace("\\u0026", "&") : null;
        }
        return new int[]{entities, pages};
    }

    private static int count(String reader) throws Exception {
        return (int) send("GET", "/api/sor/export", reader, null, null).body().lines().count();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String token(String identity) {
        return http.token(identity);
    }

    private static HttpResponse<String> send(String method, String path, String token, String body, String ifMatch) {
        return http.send(method, path, token, body, ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
