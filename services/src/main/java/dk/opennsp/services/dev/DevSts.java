package dk.opennsp.services.dev;

import dk.opennsp.security.dgws.IdCardIssuer;
import dk.opennsp.security.dgws.IdCardIssuer.CardSubject;
import dk.opennsp.security.dgws.TrustAnchorSource;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Dev mode only: a local STS that issues SOSI ID cards for the demo identities. Its key and
 * self-signed certificate are generated on first start under the data directory (never committed)
 * and trusted as a DGWS trust anchor only while dev mode is on.
 */
@Singleton
@Requires(property = "opennsp.dev-mode", value = "true")
public class DevSts implements TrustAnchorSource {
    /** Fictive CVR for demo care providers; the unit itself travels as HSUID nsi:OrgUsingID (SOR). */
    static final String DEMO_CVR = "10000000";
    private static final char[] STORE_PASSWORD = "opennsp-dev-only".toCharArray();

    private final X509Certificate certificate;
    private final IdCardIssuer issuer;

    public DevSts(@Value("${opennsp.dev.sts-keystore:data/dev-sts.p12}") String keystore) {
        KeyStore.PrivateKeyEntry entry = loadOrCreate(Path.of(keystore));
        this.certificate = (X509Certificate) entry.getCertificate();
        this.issuer = new IdCardIssuer(entry.getPrivateKey(), certificate, "OpenNSP-DEV-STS");
    }

    /** The dev STS's card signer (the token exchange issues dev-mode cards with it). */
    public IdCardIssuer issuer() {
        return issuer;
    }

    @Override
    public List<X509Certificate> certificates() {
        return List.of(certificate);
    }

    /** A 24-hour card for a demo professional (level 4 user card) or system (level 3 system card). */
    public String idCard(DevIdentity identity) {
        Map<String, Object> c = identity.claims();
        String orgName = (String) c.get("org_name");
        CardSubject subject = switch ((String) c.get("user_type")) {
            case "professional" -> CardSubject.user((String) c.get("cpr"), (String) c.get("given_name"),
                    (String) c.get("family_name"), (String) c.get("education_code"), (String) c.get("authorization_code"),
                    (String) c.get("it_system"), DEMO_CVR, "medcom:cvrnumber", orgName);
            case "system" -> CardSubject.system((String) c.get("it_system"), DEMO_CVR, "medcom:cvrnumber", orgName);
            default -> null;
        };
        if (subject == null) {
            throw dk.opennsp.security.error.ApiException.badRequest("ID cards are issued to professionals and systems only");
        }
        return issuer.issue(subject, Instant.now().minus(1, ChronoUnit.MINUTES));
    }

    private static KeyStore.PrivateKeyEntry loadOrCreate(Path file) {
        return DevKeyFile.loadOrCreate(file, new DevKeyFile.Codec<>() {
            @Override
            public KeyStore.PrivateKeyEntry read(byte[] stored) throws Exception {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(new ByteArrayInputStream(stored), STORE_PASSWORD);
                return (KeyStore.PrivateKeyEntry) store.getEntry("sts", new KeyStore.PasswordProtection(STORE_PASSWORD));
            }

            @Override
            public byte[] write(KeyStore.PrivateKeyEntry created) throws Exception {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("sts", created.getPrivateKey(), STORE_PASSWORD, created.getCertificateChain());
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                store.store(out, STORE_PASSWORD);
                return out.toByteArray();
            }
        }, () -> {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new KeyStore.PrivateKeyEntry(pair.getPrivate(), new Certificate[]{selfSigned(pair)});
        });
    }

    public static X509Certificate selfSigned(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=OpenNSP dev STS - test material - trusted only in dev mode,O=OpenNSP,C=DK");
        Instant now = Instant.now();
        PrivateKey key = pair.getPrivate();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(3650, ChronoUnit.DAYS)), name, pair.getPublic());
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    }
}
