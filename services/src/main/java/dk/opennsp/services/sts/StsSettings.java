package dk.opennsp.services.sts;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;

/** {@code opennsp.sts.*}: who the STS is, for whom its tokens are, and how long they live. */
@Singleton
public class StsSettings {
    private final String issuer;
    private final String audience;
    private final Duration tokenLifetime;
    private final String cardCareProviderCvr;

    public StsSettings(@Value("${opennsp.sts.issuer:urn:opennsp:sts}") String issuer,
                       @Value("${opennsp.sts.audience:urn:opennsp:platform}") String audience,
                       @Value("${opennsp.sts.token-lifetime:5m}") Duration tokenLifetime,
                       @Nullable @Value("${opennsp.sts.card-care-provider-cvr:}") String cardCareProviderCvr) {
        this.issuer = issuer;
        this.audience = audience;
        this.tokenLifetime = tokenLifetime;
        this.cardCareProviderCvr = cardCareProviderCvr == null || cardCareProviderCvr.isBlank() ? null : cardCareProviderCvr;
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    /** The CVR an issued ID card names as care provider when the token names its organisation by SOR code. */
    public String cardCareProviderCvr() {
        return cardCareProviderCvr;
    }
}
