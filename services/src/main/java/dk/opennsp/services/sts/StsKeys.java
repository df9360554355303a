package dk.opennsp.services.sts;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dk.opennsp.services.dev.DevKeyFile;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The platform STS's token-signing keys. {@code opennsp.sts.signing-key} is the RSA private JWK new
 * tokens are signed with; {@code opennsp.sts.previous-keys} are keys it signed with before, still
 * published at {@code /.well-known/jwks.json} and accepted until their tokens expire. Rotation is
 * configuration: make the new key the signing key, list the old one as previous, and drop it once the
 * longest token lifetime has passed. In dev mode without a configured key one is generated under the
 * data directory.
 */
@Singleton
public class StsKeys {
    private final RSAKey signing;
    private final JWKSet published;

    public StsKeys(@Nullable @Value("${opennsp.sts.signing-key:}") String signingKey,
                   @Nullable @Value("${opennsp.sts.previous-keys:}") List<String> previousKeys,
                   @Value("${opennsp.dev-mode:false}") boolean devMode,
                   @Value("${opennsp.dev.sts-token-key-file:data/dev-sts-token-key.json}") String devKeyFile) {
        if (signingKey != null && !signingKey.isBlank()) {
            this.signing = read(Path.of(signingKey));
        } else if (devMode) {
            this.signing = DevKeyFile.loadOrCreate(Path.of(devKeyFile), DevKeyFile.RSA_JWK, StsKeys::generate);
        } else {
            this.signing = null;
        }
        List<JWK> keys = new ArrayList<>();
        if (signing != null) {
            keys.add(signing.toPublicJWK());
        }
        if (previousKeys != null) {
            for (String file : previousKeys) {
                if (file != null && !file.isBlank()) {
                    keys.add(read(Path.of(file.trim())).toPublicJWK());
                }
            }
        }
        this.published = new JWKSet(keys);
    }

    /** Whether the STS can issue tokens (a signing key is configured, or generated in dev mode). */
    public boolean enabled() {
        return signing != null;
    }

    public RSAKey signing() {
        return signing;
    }

    /** Public keys only: the current one first, then those still accepted. */
    public JWKSet published() {
        return published;
    }

    static RSAKey read(Path file) {
        try {
            RSAKey key = RSAKey.parse(Files.readString(file));
            if (key.getKeyID() == null) {
                throw new IllegalStateException("STS key " + file + " has no kid");
            }
            return key;
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("STS key " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A new RSA key with a random kid, as an operator would create one for rotation. */
    public static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID("sts-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
