package dk.opennsp.security.admission;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code opennsp.rate-limit.*}: the default per-client quota and named exceptions to it, each written
 * {@code client=perSecond} with client as {@link ClientRateLimits#clientKey} forms it, e.g.
 * {@code EPJ|sor:100111000016009=5000}.
 */
@ConfigurationProperties("opennsp.rate-limit")
public class RateLimitConfiguration {
    private boolean enabled = true;
    /** Requests per second one client may make; well below what one node serves, so no client takes it all. */
    private int defaultPerSecond = 1500;
    private List<String> quotas = new ArrayList<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getDefaultPerSecond() {
        return defaultPerSecond;
    }

    public void setDefaultPerSecond(int defaultPerSecond) {
        this.defaultPerSecond = defaultPerSecond;
    }

    public List<String> getQuotas() {
        return quotas;
    }

    public void setQuotas(List<String> quotas) {
        this.quotas = quotas;
    }

    /** client key → requests per second; a malformed entry stops start-up rather than silently granting the default. */
    Map<String, Integer> perClient() {
        return quotas.stream().map(String::trim).filter(q -> !q.isEmpty()).collect(Collectors.toUnmodifiableMap(
                q -> {
                    int eq = q.lastIndexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("opennsp.rate-limit.quotas entry must be client=perSecond: " + q);
                    }
                    return q.substring(0, eq);
                },
                q -> Integer.parseInt(q.substring(q.lastIndexOf('=') + 1).trim())));
    }
}
