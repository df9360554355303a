package dk.opennsp.security.admission;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code opennsp.admission.*}: how many requests a node works on at once ({@code workers}, the size of the
 * request executor) and how many more may wait for a worker ({@code queue}, fewer while its requests wait
 * longer than {@code queue-delay}). Past both, a request is refused at once with 503 + Retry-After instead
 * of queueing without bound.
 * {@code workers} 0 (the default) sizes the pool for the node: see {@link #sized(int, boolean)}.
 */
@ConfigurationProperties("opennsp.admission")
public class AdmissionConfiguration {
    private boolean enabled = true;
    /** Workers per core when a worker mostly computes (the embedded H2: every statement runs in this JVM). */
    public static final int WORKERS_PER_CORE_IN_PROCESS = 2;
    /** Workers per core when a worker mostly waits on the network (PostgreSQL round trips and commits). */
    public static final int WORKERS_PER_CORE_REMOTE = 8;

    private int workers = 0;
    private int queue = 48;
    private Duration queueDelay = Duration.ofMillis(5);
    private int retryAfterSeconds = 1;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The configured pool size; 0 until {@link #sized} has filled it in. */
    public int getWorkers() {
        return workers;
    }

    /**
     * The pool size to use: as configured, or, when {@code workers} is 0, sized for the node. Workers beyond
     * what the cores can run do not add throughput when the work is computation; they share the cores with
     * the event loops that read, admit and refuse requests, and in a storm they starve them (measured on
     * one core: 32 workers gave 57–72% goodput and a p99 of 100 ms at 3× saturation, 4 workers 85–89% and
     * 35–47 ms). A worker waiting on a remote database does not compute, so a remote store gets more.
     */
    public int sized(int cores, boolean remoteStore) {
        if (workers > 0) {
            return workers;
        }
        return Math.max(2, cores * (remoteStore ? WORKERS_PER_CORE_REMOTE : WORKERS_PER_CORE_IN_PROCESS));
    }

    public void setWorkers(int workers) {
        this.workers = workers;
    }

    public int getQueue() {
        return queue;
    }

    public void setQueue(int queue) {
        this.queue = queue;
    }

    /**
     * The wait for a worker beyond which a queue counts as standing: while even the shortest wait of an
     * interval exceeds it, the queue is cut below {@code queue} (see {@link QueueLimit}). 0 bounds the queue
     * by count only.
     */
    public Duration getQueueDelay() {
        return queueDelay;
    }

    public void setQueueDelay(Duration queueDelay) {
        this.queueDelay = queueDelay;
    }

    public int getRetryAfterSeconds() {
        return retryAfterSeconds;
    }

    public void setRetryAfterSeconds(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
