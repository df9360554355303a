package dk.opennsp.services.sts;

import dk.opennsp.security.dgws.IdCardIssuer;
import dk.opennsp.services.dev.DevSts;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;

/**
 * The key ID cards from the token exchange are signed with: a PKCS#12 key store
 * ({@code opennsp.sts.card-keystore}, {@code -password}, {@code -alias}) whose certificate the SOAP
 * services' trust anchors must cover, or in dev mode the dev STS. Without either, no cards are issued.
 */
@Singleton
public class StsCardSigner {
    private final IdCardIssuer issuer;

    public StsCardSigner(@Nullable DevSts devSts,
                         @Nullable @Value("${opennsp.sts.card-keystore:}") String keystore,
                         @Nullable @Value("${opennsp.sts.card-keystore-password:}") String password,
                         @Nullable @Value("${opennsp.sts.card-alias:}") String alias) {
        if (keystore != null && !keystore.isBlank()) {
            this.issuer = fromKeystore(Path.of(keystore), password == null ? new char[0] : password.toCharArray(), alias);
        } else {
            this.issuer = devSts == null ? null : devSts.issuer();
        }
    }

    public Optional<IdCardIssuer> issuer() {
        return Optional.ofNullable(issuer);
    }

    private static IdCardIssuer fromKeystore(Path file, char[] password, String alias) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String name = alias != null && !alias.isBlank() ? alias : Collections.list(store.aliases()).stream()
                    .filter(a -> isKey(store, a)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no private key in " + file));
            KeyStore.PrivateKeyEntry entry = (KeyStore.PrivateKeyEntry) store.getEntry(name, new KeyStore.PasswordProtection(password));
            return new IdCardIssuer(entry.getPrivateKey(), (X509Certificate) entry.getCertificate(), "OpenNSP STS");
        } catch (Exception e) {
            throw new IllegalStateException("The STS card key store " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (java.security.KeyStoreException e) {
            return false;
        }
    }
}
