package dk.opennsp.security.dgws;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code opennsp.security.dgws.*}: what a DGWS ID card must chain to, and how much clock drift is tolerated. */
@ConfigurationProperties("opennsp.security.dgws")
public class DgwsConfig {
    /** PEM files with the trusted STS / OCES CA certificates (comma-separated list accepted). */
    private List<String> trustAnchors = new ArrayList<>();
    private Duration maxClockSkew = Duration.ofSeconds(5);
    /** Validated cards kept so a reused card skips the signature check. */
    private int cardCacheSize = 10_000;

    public List<String> getTrustAnchors() {
        return trustAnchors;
    }

    public void setTrustAnchors(List<String> trustAnchors) {
        this.trustAnchors = trustAnchors;
    }

    public Duration getMaxClockSkew() {
        return maxClockSkew;
    }

    public void setMaxClockSkew(Duration maxClockSkew) {
        this.maxClockSkew = maxClockSkew;
    }

    public int getCardCacheSize() {
        return cardCacheSize;
    }

    public void setCardCacheSize(int cardCacheSize) {
        this.cardCacheSize = cardCacheSize;
    }
}
