package dk.opennsp.bench;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Benchmark, not a test (bench/minlog.sh runs it against a running dev-mode instance). Prints:
 * 1. sustained entries/s through the REST bulk registration (4 clients, 500 entries a request);
 * 2. the latency a guarded lookup pays for its log write: the same professional reading a card that
 *    returns data (log entry written) and one whose only item a blocking withholds (no entry), p50/p99;
 * 3. with a JDBC URL: seeds 10 million entries straight into that database, then times the citizen's
 *    log query (first page, a filtered page, a deep page) for a citizen holding 1,000 of them.
 * Usage: MinLogBench baseUrl label [jdbcUrl schema]    or    MinLogBench --create-schema jdbcUrl schema
 */
public final class MinLogBench {
    private static final String NANCY = "0101901111";
    private static final String JENS = "1502852222";
    private static final String GP_VESTERGADE = "100301000016009";

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--create-schema")) {
            try (Connection c = DriverManager.getConnection(args[1], "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + args[2] + " CASCADE");
                s.execute("CREATE SCHEMA " + args[2]);
            }
            System.exit(0);
        }
        BenchHttp http = new BenchHttp(args[0]);
        String label = args[1];
        String system = http.token("system-epj");
        String doctor = http.token("doctor-karl");

        String[] batches = new String[64];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = batch(b);
        }
        BenchHttp.Run bulk = BenchHttp.closedLoop(4, 5, 20,
                i -> http.send("POST", "/api/minlog/registrations", system, batches[i % batches.length]));
        System.out.printf("[%s] bulk registration (REST, 4 clients, 500 entries/request, 20 s): %,.0f entries/s; "
                + "per request p50 %.0f ms, p99 %.0f ms, %d errors%n", label, bulk.perSecond() * 500, bulk.p50(), bulk.p99(), bulk.errors());

        // Jens's only medication comes from GP Vestergade: withholding it leaves the doctor nothing, so no log entry
        http.send("POST", "/api/citizen/blockings", http.token("citizen-jens"),
                "{\"kind\":\"DATA_FROM_ORGANISATION\",\"target\":\"" + GP_VESTERGADE + "\"}");
        String cardOf = "/fhir/MedicationStatement?patient.identifier=urn:oid:1.2.208.176.1.2%7C";
        for (int clients : new int[]{1, 8}) {
            BenchHttp.Run logged = BenchHttp.closedLoop(clients, 5, 15, i -> http.send("GET", cardOf + NANCY, doctor, null));
            BenchHttp.Run unlogged = BenchHttp.closedLoop(clients, 5, 15, i -> http.send("GET", cardOf + JENS, doctor, null));
            System.out.printf("[%s] guarded lookup with log write (%d clients): %s%n", label, clients, logged);
            System.out.printf("[%s] guarded lookup without log write (%d clients): %s%n", label, clients, unlogged);
            System.out.printf("[%s] added by the log write at %d clients: p50 %+.1f ms, p99 %+.1f ms%n", label, clients,
                    logged.p50() - unlogged.p50(), logged.p99() - unlogged.p99());
        }

        if (args.length > 3) {
            seed(args[2], args[3]);
            String citizen = http.token("citizen-nancy");
            for (String query : new String[]{"", "?from=2025-06-01&to=2025-09-01", "?page=40&size=20"}) {
                BenchHttp.Run r = BenchHttp.closedLoop(4, 3, 10, i -> http.send("GET", "/api/citizen/minlog" + query, citizen, null));
                System.out.printf("[%s] citizen log query%s with 10 M entries (4 clients): %s%n", label,
                        query.isEmpty() ? " (first page)" : " " + query, r);
            }
        }
        System.exit(0);
    }

    /** 500 entries for 500 different citizens, unique per request (no idempotent short-cut). */
    private static String batch(int b) {
        StringBuilder json = new StringBuilder("{\"entries\":[");
        String when = Instant.now().minus(1, ChronoUnit.HOURS).toString();
        for (int i = 0; i < 500; i++) {
            json.append(i == 0 ? "" : ",").append("{\"systemName\":\"Bench\",\"activity\":\"Opslag på prøvesvar\",")
                    .append("\"dateTime\":\"").append(when).append("\",")
                    .append("\"organisation\":{\"id\":\"100111000016009\",\"source\":\"SOR\",\"name\":\"Bench\"},")
                    .append("\"person\":{\"id\":\"").append(String.format("%010d", 4_000_000_000L + b * 500L + i)).append("\",\"source\":\"CPR\"},")
                    .append("\"user\":{\"id\":\"B0001\",\"source\":\"Autorisation\",\"name\":\"Bench User\",\"role\":\"Læge\"}}");
        }
        return json.append("]}").toString();
    }

    /** 9,999,000 entries over a million citizens plus 1,000 for Nancy, spread over two years, then ANALYZE. */
    private static void seed(String jdbcUrl, String schema) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
            String columns = "INSERT INTO minlog_entry (citizen_cpr, citizen_id_source, occurred_at, system_name, activity, "
                    + "addition, criticality, organisation_id, organisation_id_source, organisation_name, user_id, "
                    + "user_id_source, user_name, user_role, correlation_id, registered_by) ";
            String values = "'CPR', now() - (g % 700) * interval '1 day' - (g % 86400) * interval '1 second', 'Bench', "
                    + "'Opslag på medicinkort', 'Ingen', 'Ingen', '100111000016009', 'SOR', 'Bench', 'B0001', "
                    + "'Autorisation', 'Bench User', 'Læge', 'seed-' || g, 'bench' ";
            s.execute(columns + "SELECT lpad((2000000000 + g % 1000000)::text, 10, '0'), " + values
                    + "FROM generate_series(1, 9999000) g");
            s.execute(columns + "SELECT '" + NANCY + "', " + values + "FROM generate_series(1, 1000) g");
            s.execute("ANALYZE minlog_entry");
        }
        System.out.printf("seeded 10,000,000 entries in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private MinLogBench() {
    }
}
