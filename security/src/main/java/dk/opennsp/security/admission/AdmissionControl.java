package dk.opennsp.security.admission;

import dk.opennsp.security.dgws.DgwsFaultXml;
import dk.opennsp.security.dgws.FaultCode;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.ErrorResponses;
import dk.opennsp.security.error.Refusals;
import dk.opennsp.security.error.FhirFormat;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many requests the node takes on: a Resilience4j {@link Bulkhead} of {@code workers + queue}
 * permits (fewer while a standing queue makes requests wait, see {@link QueueLimit}), asked without
 * waiting by the HTTP edge for every request before anything else is done with it (no routing, no token
 * check). A request that finds no permit is refused at once with 503 +
 * Retry-After (an OperationOutcome, or a DGWS {@code processing_problem} fault under /soap), whose
 * bodies are rendered once here: in a storm most requests are refused, and each refusal must cost next to
 * nothing. Health, metrics and the public CapabilityStatement always pass: a load balancer must be able
 * to ask how the node is.
 */
@Singleton
public class AdmissionControl {
    /** Interval over which a queue's waits are judged (CoDel's). */
    static final Duration QUEUE_INTERVAL = Duration.ofMillis(100);
    private final Bulkhead bulkhead;
    private final int workers;
    private final QueueLimit queueLimit;
    private final boolean enabled;
    private final String retryAfter;
    private final byte[] fhirRefusal;
    private final byte[] soapRefusal;
    private final LongAdder refused = new LongAdder();

    private final Refusals refusals;

    public AdmissionControl(AdmissionConfiguration configuration, ErrorResponses errors, Refusals refusals) {
        this.refusals = refusals;
        this.enabled = configuration.isEnabled();
        this.workers = Math.max(1, configuration.getWorkers());
        int queue = Math.max(0, configuration.getQueue());
        this.queueLimit = new QueueLimit(Math.min(queue, workers), queue, configuration.getQueueDelay().toNanos(), QUEUE_INTERVAL.toNanos());
        this.bulkhead = Bulkhead.of("admission", BulkheadConfig.custom()
                .maxConcurrentCalls(workers + queue)
                .maxWaitDuration(Duration.ZERO) // never wait: asked on the event loop
                .build());
        ApiException overloaded = ApiException.overloaded(configuration.getRetryAfterSeconds());
        this.retryAfter = overloaded.retryAfter();
        this.fhirRefusal = errors.of(overloaded).body().getBytes(StandardCharsets.UTF_8);
        this.soapRefusal = DgwsFaultXml.of(FaultCode.PROCESSING_PROBLEM, overloaded.getMessage()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * True when the request may go on; it then holds a permit until {@link #release()}. The bulkhead's
     * permits are the hard bound (workers + queue); while the queue stands, the {@link QueueLimit} is lower.
     */
    public boolean tryAdmit() {
        return !enabled || (inFlight() < workers + queueLimit.current() && bulkhead.tryAcquirePermission());
    }

    /** A request worker took up a task after it had waited {@code waitedNanos} in the executor's queue. */
    public void workerStarted(long waitedNanos) {
        queueLimit.started(waitedNanos, System.nanoTime());
    }

    /** How many admitted requests may wait for a worker now. */
    public int queueLimit() {
        return queueLimit.current();
    }

    /** How many times a standing queue was cut. */
    public long queueCuts() {
        return queueLimit.cuts();
    }

    public void release() {
        if (enabled) {
            bulkhead.onComplete();
        }
    }

    /** Paths never refused (and never counted): health, metrics, the public CapabilityStatement. */
    public boolean alwaysAnswered(String path) {
        return path.equals("/health") || path.startsWith("/health/") || path.equals("/prometheus")
                || path.equals("/fhir/metadata");
    }

    /** Requests being worked on or waiting for a worker. */
    public int inFlight() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls() - bulkhead.getMetrics().getAvailableConcurrentCalls();
    }

    /** Counts a refusal (for the metrics). */
    public void recordRefusal() {
        refused.increment();
        refusals.record(Refusals.EDGE, 503, "overload");
    }

    public long refusals() {
        return refused.sum();
    }

    public String retryAfter() {
        return retryAfter;
    }

    /** The refusal body for this path: a DGWS fault under /soap, else an OperationOutcome. */
    public byte[] refusalBody(String path) {
        return isSoap(path) ? soapRefusal : fhirRefusal;
    }

    public String refusalContentType(String path) {
        return isSoap(path) ? "text/xml; charset=UTF-8" : FhirFormat.JSON_MEDIA_TYPE;
    }

    private static boolean isSoap(String path) {
        return path.startsWith("/soap/");
    }
}
