package dk.opennsp.security.dgws;

import java.security.cert.X509Certificate;
import java.util.List;

/** Contributes trusted STS / CA certificates besides the configured PEM files (dev mode's own STS). */
public interface TrustAnchorSource {
    List<X509Certificate> certificates();
}
