package dk.opennsp.services.operations;

import dk.opennsp.minlog.GroupCommitLogWriter;
import dk.opennsp.security.error.Refusals;
import dk.opennsp.soap.SoapCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-request metrics the platform's parts report as they happen (they know nothing of Micrometer): every
 * refusal by channel, status and reason; latency per SOAP operation and outcome; each MinLog group commit.
 * Timers publish histogram buckets, so p50/p95/p99 can be taken with {@code histogram_quantile}. Meters are
 * built once per tag combination and kept, rather than a builder and registry lookup per refusal or call.
 */
@Singleton
public class RequestMetrics implements Refusals.Listener, SoapCalls, GroupCommitLogWriter.BatchObserver {
    private final MeterRegistry registry;
    private final Timer commitsOk;
    private final Timer commitsFailed;
    private final Timer commitWait;
    private final DistributionSummary batchSize;
    private final Map<RefusalKind, Counter> refusals = new ConcurrentHashMap<>();
    private final Map<SoapOutcome, Timer> soapCalls = new ConcurrentHashMap<>();

    private record RefusalKind(String channel, int status, String reason) {
    }

    private record SoapOutcome(String service, String operation, String outcome) {
    }

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.commitsOk = commitTimer("committed");
        this.commitsFailed = commitTimer("failed");
        this.commitWait = Timer.builder("opennsp.minlog.commit.wait").publishPercentileHistogram()
                .description("From a MinLog entry's arrival to its batch's commit: what the request waited for its log entry")
                .register(registry);
        this.batchSize = DistributionSummary.builder("opennsp.minlog.batch.size")
                .description("MinLog entries per group commit").register(registry);
    }

    private Timer commitTimer(String outcome) {
        return Timer.builder("opennsp.minlog.commit").tag("outcome", outcome).publishPercentileHistogram()
                .description("Time to insert and commit one MinLog batch").register(registry);
    }

    @Override
    public void refused(String channel, int status, String reason) {
        refusals.computeIfAbsent(new RefusalKind(channel, status, reason), k -> Counter.builder("opennsp.refused")
                .tag("channel", k.channel()).tag("status", Integer.toString(k.status())).tag("reason", k.reason())
                .description("Requests refused, by channel (rest, soap, edge), HTTP status and reason").register(registry))
                .increment();
    }

    @Override
    public void served(String service, String operation, String outcome, int status, long nanos) {
        soapCalls.computeIfAbsent(new SoapOutcome(service, operation, outcome), k -> Timer.builder("opennsp.soap.requests")
                .tag("service", k.service()).tag("operation", k.operation()).tag("outcome", k.outcome()).publishPercentileHistogram()
                .description("DGWS calls by service, WSDL operation and outcome (ok or fault code)").register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void batch(int entries, long oldestWaited, long commit, boolean committed) {
        (committed ? commitsOk : commitsFailed).record(commit, TimeUnit.NANOSECONDS);
        if (committed) {
            commitWait.record(oldestWaited, TimeUnit.NANOSECONDS);
        }
        batchSize.record(entries);
    }
}
