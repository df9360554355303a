package dk.opennsp.security.dgws;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.security.auth.x500.X500Principal;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Revocation of ID-card signer certificates by the CRLs of their issuing CAs
 * ({@code opennsp.security.dgws.crls}: files or http(s) URLs), loaded at start-up and refreshed every
 * {@code crl-refresh-interval}. A CRL counts only when its signature verifies with a configured trust
 * anchor of the same name. A signer listed on its issuer's CRL is refused ({@code invalid_certificate}).
 * With {@code crl-required} (the default) the check fails closed: a signer whose issuer's CRL is past its
 * nextUpdate, or any signer while a configured CRL has never been loaded, is refused too. Signers of
 * issuers without a configured CRL (the dev STS) are not checked.
 */
@Singleton
public class DgwsRevocation {
    private static final Logger LOG = LoggerFactory.getLogger(DgwsRevocation.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> sources;
    private final boolean required;
    private final DgwsTrustAnchors anchors;
    private final Clock clock;
    /** The last good CRL of each source (a failed refresh keeps it until it goes stale). */
    private final Map<String, X509CRL> bySource = new LinkedHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private volatile Map<X500Principal, X509CRL> byIssuer = Map.of();
    /** Every configured CRL has loaded at least once (read by request threads, so kept apart from bySource). */
    private volatile boolean allLoaded;

    public DgwsRevocation(DgwsConfig config, DgwsTrustAnchors anchors, Clock clock) {
        this.sources = List.copyOf(config.getCrls());
        this.required = config.isCrlRequired();
        this.anchors = anchors;
        this.clock = clock;
        refresh();
    }

    /** Called whenever the CRLs change, so that caches of validated cards can forget them. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    @Scheduled(fixedDelay = "${opennsp.security.dgws.crl-refresh-interval:1h}", initialDelay = "${opennsp.security.dgws.crl-refresh-interval:1h}")
    public synchronized void refresh() {
        if (sources.isEmpty()) {
            return;
        }
        for (String source : sources) {
            try {
                bySource.put(source, load(source));
            } catch (Exception e) {
                LOG.warn("CRL {} could not be loaded ({}); {}", source, e.getMessage(),
                        bySource.containsKey(source) ? "keeping the previous one until its nextUpdate" : "none loaded yet");
            }
        }
        Map<X500Principal, X509CRL> next = new LinkedHashMap<>();
        bySource.values().forEach(crl -> next.put(crl.getIssuerX500Principal(), crl));
        byIssuer = Map.copyOf(next);
        allLoaded = bySource.size() == sources.size();
        changeListeners.forEach(Runnable::run);
    }

    /** Refuses a signer that is revoked or, when CRLs are required, whose revocation status is unknown. */
    public void check(X509Certificate signer) {
        if (sources.isEmpty()) {
            return;
        }
        X509CRL crl = byIssuer.get(signer.getIssuerX500Principal());
        if (crl == null) {
            if (required && !allLoaded) {
                throw new DgwsException(FaultCode.INVALID_CERTIFICATE,
                        "The signer certificate's revocation status cannot be checked: a configured CRL has not been loaded");
            }
            return;
        }
        Date now = Date.from(clock.instant());
        if (crl.getNextUpdate() != null && crl.getNextUpdate().before(now) && required) {
            throw new DgwsException(FaultCode.INVALID_CERTIFICATE, "The signer certificate's revocation status cannot be checked: "
                    + "its issuer's CRL expired at " + crl.getNextUpdate().toInstant());
        }
        X509CRLEntry entry = crl.getRevokedCertificate(signer);
        if (entry != null && !entry.getRevocationDate().after(now)) {
            throw new DgwsException(FaultCode.INVALID_CERTIFICATE, "The signer certificate was revoked on "
                    + entry.getRevocationDate().toInstant());
        }
    }

    private X509CRL load(String source) throws Exception {
        byte[] bytes;
        if (source.startsWith("http://") || source.startsWith("https://")) {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(source)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
            bytes = r.body();
        } else {
            bytes = Files.readAllBytes(Path.of(source));
        }
        List<X509CRL> parsed = new ArrayList<>();
        for (CRL crl : CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(bytes))) {
            parsed.add((X509CRL) crl);
        }
        if (parsed.size() != 1) {
            throw new IllegalStateException("expected one CRL, found " + parsed.size());
        }
        X509CRL crl = parsed.get(0);
        verify(crl);
        return crl;
    }

    /** The CRL must be signed by a trust anchor of its issuer's name; anything else is not evidence. */
    private void verify(X509CRL crl) throws Exception {
        for (TrustAnchor anchor : anchors.anchors()) {
            X509Certificate ca = anchor.getTrustedCert();
            if (ca != null && ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                crl.verify(ca.getPublicKey());
                return;
            }
        }
        throw new IllegalStateException("its issuer " + crl.getIssuerX500Principal().getName() + " is not a trust anchor");
    }
}
