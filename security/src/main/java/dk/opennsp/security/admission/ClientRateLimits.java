package dk.opennsp.security.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Per-client quotas (Resilience4j {@link RateLimiter}), keyed by the calling system as the security
 * layer verified it: JWT {@code it_system} + {@code org_id} of the token ({@link #clientKey}), DGWS
 * ITSystemName + CareProviderID of the ID card. Keys come only from verified tokens, so a forger cannot spend
 * someone else's quota. Past its quota a client gets 429 with Retry-After; nothing waits.
 */
@Singleton
public class ClientRateLimits {
    private final RateLimitConfiguration configuration;
    private final Map<String, RateLimiterConfig> quotas;
    private final RateLimiterConfig defaultQuota;
    /** Bounded: clients seen recently; an evicted client simply starts with a full quota again. */
    private final Cache<String, RateLimiter> limiters = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

    private final LongAdder limited = new LongAdder();

    public ClientRateLimits(RateLimitConfiguration configuration) {
        this.configuration = configuration;
        this.defaultQuota = quota(configuration.getDefaultPerSecond());
        this.quotas = configuration.perClient().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> quota(e.getValue())));
    }

    private static RateLimiterConfig quota(int perSecond) {
        return RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, perSecond))
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    /** Spends one request of the caller's quota or throws 429. */
    public void admit(Caller caller) {
        admit(clientKey(caller));
    }

    /** Spends one request of the named client's quota (see {@link #clientKey}) or throws 429. */
    public void admit(String key) {
        if (!configuration.isEnabled()) {
            return;
        }
        RateLimiter limiter = limiters.get(key, k -> RateLimiter.of(k, quotas.getOrDefault(k, defaultQuota)));
        if (!limiter.acquirePermission()) {
            limited.increment();
            throw ApiException.tooManyRequests("This client has used its request quota; try again shortly", 1);
        }
    }

    /** Requests refused with 429 since start (for the metrics). */
    public long refusals() {
        return limited.sum();
    }

    /**
     * {@code it-system|org-type:org-id}; a caller without an organisation (a citizen's app) is keyed by its
     * subject. The same form names a client in {@code opennsp.rate-limit.quotas}. A DGWS caller is keyed by
     * its card's system, never by the unit an HSUID header names (see {@code DgwsAuthenticator}).
     */
    public static String clientKey(Caller caller) {
        String system = caller.itSystem() == null ? "-" : caller.itSystem();
        if (caller.organisation() != null && caller.organisation().id() != null) {
            return system + "|" + caller.organisation().idType() + ":" + caller.organisation().id();
        }
        return system + "|subject:" + caller.subject();
    }
}
