package dk.opennsp.bench;

import dk.opennsp.services.dev.DevData;
import dk.opennsp.sor.SorCode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark driver, not a test (bench/nodes.sh runs it): how long a change acknowledged by node A
 * takes to be honoured by node B. For each try the clock starts when A's response arrives and stops
 * when B's answer first shows the change (B is asked back to back). Prints min / median / max.
 *
 * <p>Usage: PropagationBench baseUrlA baseUrlB [tries]
 */
public final class PropagationBench {
    private static final String NANCY_CARD =
            "/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7C0101901111";

    public static void main(String[] args) throws Exception {
        BenchHttp a = new BenchHttp(args[0]);
        BenchHttp b = new BenchHttp(args[1]);
        int tries = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        String nancy = a.token("citizen-nancy");
        String karl = a.token("doctor-karl");
        String admin = a.token("sor-admin-hovedstaden");

        // a blocking of doctor-karl by Nancy, created and ended on A, read by doctor-karl on B
        List<Double> created = new ArrayList<>();
        List<Double> ended = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            HttpResponse<String> block = a.send("POST", "/api/citizen/blockings", nancy, "{\"kind\":\"PROFESSIONAL\",\"target\":\"C1A23\"}");
            require(block, 201);
            created.add(millisUntil(() -> !matches(b.send("GET", NANCY_CARD, karl, null))));
            String id = field(block.body(), "id");
            require(a.send("DELETE", "/api/citizen/blockings/" + id, nancy, null), 200, 204);
            ended.add(millisUntil(() -> matches(b.send("GET", NANCY_CARD, karl, null))));
        }

        // a SOR unit renamed on A, read on B
        String sorCode = SorCode.danish(80000 + (int) (System.nanoTime() % 20000));
        require(a.send("POST", "/api/sor/units", admin, "{\"sorCode\":\"" + sorCode + "\",\"parentSorCode\":\""
                + DevData.RH_CARDIOLOGY + "\",\"name\":\"Benchmarkafsnit\",\"unitType\":\"Afsnit\",\"fromDate\":\"2026-01-01\"}"), 201);
        List<Double> renamed = new ArrayList<>();
        for (int i = 0; i < tries; i++) {
            String name = "Benchmarkafsnit " + i;
            require(a.send("PUT", "/api/sor/units/" + sorCode, admin, "{\"name\":\"" + name + "\",\"unitType\":\"Afsnit\","
                    + "\"fromDate\":\"2026-01-01\"}", Map.of("If-Match", "W/\"" + (i + 1) + "\"")), 200);
            renamed.add(millisUntil(() -> b.send("GET", "/fhir/Organization/" + sorCode, karl, null).body()
                    .contains("\"name\":\"" + name + "\"")));
        }

        System.out.println("blocking created on A, honoured by B: " + summary(created));
        System.out.println("blocking ended on A, lifted on B:     " + summary(ended));
        System.out.println("SOR unit renamed on A, served by B:   " + summary(renamed));
    }

    private static boolean matches(HttpResponse<String> card) {
        return card.body().contains("\"resourceType\":\"MedicationStatement\"");
    }

    private static double millisUntil(BooleanSupplier condition) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > 10_000_000_000L) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static String summary(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format("min %.1f ms, median %.1f ms, max %.1f ms over %d changes (each includes one read on B: "
                + "B is asked back to back)", sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1], sorted.length);
    }

    private static void require(HttpResponse<String> r, int... expected) {
        if (Arrays.stream(expected).noneMatch(s -> s == r.statusCode())) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
