package dk.opennsp.security.admission;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * {@code opennsp.admission.*}: how many requests a node works on at once ({@code workers}, the size of the
 * request executor) and how many more may wait for a worker ({@code queue}). Past both, a request is
 * refused at once with 503 + Retry-After instead of queueing without bound.
 */
@ConfigurationProperties("opennsp.admission")
public class AdmissionConfiguration {
    private boolean enabled = true;
    private int workers = 32;
    private int queue = 16;
    private int retryAfterSeconds = 1;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getWorkers() {
        return workers;
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

    public int getRetryAfterSeconds() {
        return retryAfterSeconds;
    }

    public void setRetryAfterSeconds(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
