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
    /** CRLs (file paths or http(s) URLs, DER or PEM) of the trust anchors that issue STS certificates. */
    private List<String> crls = new ArrayList<>();
    /** Refuse a signer whose issuer's CRL is missing or past its nextUpdate (fail closed). */
    private boolean crlRequired = true;
    private Duration crlRefreshInterval = Duration.ofHours(1);

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

    public List<String> getCrls() {
        return crls;
    }

    public void setCrls(List<String> crls) {
        this.crls = crls;
    }

    public boolean isCrlRequired() {
        return crlRequired;
    }

    public void setCrlRequired(boolean crlRequired) {
        this.crlRequired = crlRequired;
    }

    public Duration getCrlRefreshInterval() {
        return crlRefreshInterval;
    }

    public void setCrlRefreshInterval(Duration crlRefreshInterval) {
        this.crlRefreshInterval = crlRefreshInterval;
    }

    public int getCardCacheSize() {
        return cardCacheSize;
    }

    public void setCardCacheSize(int cardCacheSize) {
        this.cardCacheSize = cardCacheSize;
    }
}
