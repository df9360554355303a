package dk.opennsp.security.dgws;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The certificates an ID card's signer must chain to. Loaded once at start-up; a missing or
 * unreadable PEM file stops the application rather than silently trusting nobody.
 */
@Context
public class DgwsTrustAnchors {
    private final Set<TrustAnchor> anchors;

    public DgwsTrustAnchors(DgwsConfig config, List<TrustAnchorSource> sources) {
        Set<TrustAnchor> loaded = new HashSet<>();
        for (String file : config.getTrustAnchors()) {
            if (!file.isBlank()) {
                readPem(Path.of(file.trim())).forEach(c -> loaded.add(new TrustAnchor(c, null)));
            }
        }
        sources.forEach(s -> s.certificates().forEach(c -> loaded.add(new TrustAnchor(c, null))));
        this.anchors = Set.copyOf(loaded);
    }

    public Set<TrustAnchor> anchors() {
        return anchors;
    }

    static List<X509Certificate> readPem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new ConfigurationException("opennsp.security.dgws.trust-anchors: no certificate in " + file);
            }
            List<X509Certificate> result = new ArrayList<>();
            certs.forEach(c -> result.add((X509Certificate) c));
            return result;
        } catch (IOException | CertificateException e) {
            throw new ConfigurationException("opennsp.security.dgws.trust-anchors: cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
