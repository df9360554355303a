package dk.opennsp.security.dgws;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.dgws.DgwsEnvelope.CardBytes;
import jakarta.inject.Singleton;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.NameID;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.crypto.AlgorithmMethod;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.KeySelectorResult;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.XMLCryptoContext;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Validates a SOSI ID card (ARCHITECTURE.md §4): the enveloped signature over exactly this
 * assertion (exc-c14n, RSA-SHA1 or RSA-SHA256, one reference to the assertion's own id, no other
 * transforms), the signer certificate chaining to a configured trust anchor, the validity window
 * with the configured clock skew, and the card's version and attributes.
 *
 * <p>Successful validations are cached by a SHA-256 digest of the card's exact characters (plus
 * the namespace bindings it inherits), never by the card's own IDCardID: a changed byte is a new
 * key and goes through the full check. Cached cards are still checked against the clock.
 */
@Singleton
public class IdCardValidator {
    private static final Set<String> SIGNATURE_METHODS = Set.of(SignatureMethod.RSA_SHA1, SignatureMethod.RSA_SHA256);
    private static final Set<String> DIGEST_METHODS = Set.of(DigestMethod.SHA1, DigestMethod.SHA256);
    private static final Set<String> TRANSFORMS = Set.of(Transform.ENVELOPED, CanonicalizationMethod.EXCLUSIVE);
    private static final int MIN_RSA_BITS = 2048;

    private final DgwsTrustAnchors trustAnchors;
    private final DgwsRevocation revocation;
    private final Duration skew;
    private final Clock clock;
    private final Cache<String, IdCard> cache;
    private final LongAdder fullValidations = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();

    public IdCardValidator(DgwsTrustAnchors trustAnchors, DgwsRevocation revocation, DgwsConfig config, Clock clock) {
        this.trustAnchors = trustAnchors;
        this.revocation = revocation;
        this.skew = config.getMaxClockSkew();
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.getCardCacheSize())
                .expireAfter(Expiry.creating((String key, IdCard card) -> remainingLifetime(card)))
                .build();
        // a card validated before its signer was revoked must not outlive the news in the cache
        revocation.onChange(cache::invalidateAll);
    }

    /** Validates the card or throws a {@link DgwsException} with the DGWS fault code that says why. */
    public IdCard validate(CardBytes card) {
        if (card == null) {
            throw new DgwsException(FaultCode.MISSING_REQUIRED_HEADER, "wsse:Security holds no ID card (saml:Assertion)");
        }
        String key = cacheKey(card);
        IdCard cached = cache.getIfPresent(key);
        if (cached != null) {
            cacheHits.increment();
            checkValidityWindow(cached);
            return cached;
        }
        IdCard verified = verify(card);
        checkValidityWindow(verified);
        cache.put(key, verified);
        return verified;
    }

    /** Full validations (signature + certificate) performed so far; cache hits are not counted. */
    public long fullValidations() {
        return fullValidations.sum();
    }

    public long cacheHits() {
        return cacheHits.sum();
    }

    private Duration remainingLifetime(IdCard card) {
        Duration left = Duration.between(clock.instant(), card.notOnOrAfter().plus(skew));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void checkValidityWindow(IdCard card) {
        Instant now = clock.instant();
        if (now.plus(skew).isBefore(card.notBefore())) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card is not valid yet (NotBefore " + card.notBefore() + ")");
        }
        if (!now.minus(skew).isBefore(card.notOnOrAfter())) {
            throw new DgwsException(FaultCode.EXPIRED_IDCARD, "The ID card expired at " + card.notOnOrAfter());
        }
    }

    static String cacheKey(CardBytes card) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(card.inheritedNamespaces()).forEach((prefix, uri) ->
                    sha.update((prefix + "=" + uri + "\n").getBytes(StandardCharsets.UTF_8)));
            sha.update((byte) 0);
            sha.update(card.xml().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private IdCard verify(CardBytes card) {
        fullValidations.increment();
        Element assertion = parseAlone(card);
        String id = assertion.getAttributeNS(null, "id");
        if (id.isEmpty()) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card has no id attribute");
        }
        rejectDuplicateIds(assertion);
        Element signatureElement = theEnvelopedSignature(assertion);
        DOMValidateContext context = new DOMValidateContext(new X509KeySelector(), signatureElement);
        context.setIdAttributeNS(assertion, null, "id");
        // The JDK's secure-validation mode refuses RSA-SHA1, which the real STS still uses; the checks it
        // would make (transforms, reference count, key size, same-document URI) are made explicitly below.
        context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.FALSE);
        XMLSignature signature;
        try {
            signature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
        } catch (MarshalException e) {
            throw new DgwsException(FaultCode.INVALID_SIGNATURE, "The ID card's signature cannot be read");
        }
        checkSignedInfo(signature.getSignedInfo(), id);
        X509Certificate signer = signerCertificate(signature.getKeyInfo());
        checkCertificate(signer);
        try {
            if (!signature.validate(context)) {
                throw new DgwsException(FaultCode.INVALID_SIGNATURE, "The ID card's signature does not match its content");
            }
        } catch (XMLSignatureException e) {
            throw new DgwsException(FaultCode.INVALID_SIGNATURE, "The ID card's signature cannot be verified");
        }
        return readCard(assertion, signer);
    }

    /** Parses the card on its own: the signature can then only ever cover elements inside the card. */
    private static Element parseAlone(CardBytes card) {
        StringBuilder wrapper = new StringBuilder("<card-wrapper");
        card.inheritedNamespaces().forEach((prefix, uri) -> wrapper.append(prefix.isEmpty() ? " xmlns" : " xmlns:" + prefix)
                .append("=\"").append(uri.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;")).append('"'));
        wrapper.append('>').append(card.xml()).append("</card-wrapper>");
        Document document;
        try {
            document = SecureXml.parse(wrapper.toString());
        } catch (SAXException | IOException e) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card is not well-formed");
        }
        Node first = document.getDocumentElement().getFirstChild();
        if (!(first instanceof Element assertion) || first.getNextSibling() != null
                || !DgwsNamespaces.SAML.equals(assertion.getNamespaceURI()) || !"Assertion".equals(assertion.getLocalName())) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card is not a saml:Assertion");
        }
        if (!"2.0".equals(assertion.getAttribute("Version"))) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card must be a SAML 2.0 assertion");
        }
        return assertion;
    }

    private static void rejectDuplicateIds(Element assertion) {
        Set<String> seen = new HashSet<>();
        NodeList all = assertion.getElementsByTagName("*");
        for (int i = -1; i < all.getLength(); i++) {
            Element element = i < 0 ? assertion : (Element) all.item(i);
            NamedNodeMap attributes = element.getAttributes();
            for (int a = 0; a < attributes.getLength(); a++) {
                Attr attr = (Attr) attributes.item(a);
                String name = attr.getLocalName() == null ? attr.getName() : attr.getLocalName();
                if (name.equalsIgnoreCase("id") && !seen.add(attr.getValue())) {
                    throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card repeats the id " + attr.getValue());
                }
            }
        }
    }

    private static Element theEnvelopedSignature(Element assertion) {
        NodeList signatures = assertion.getElementsByTagNameNS(DgwsNamespaces.DS, "Signature");
        if (signatures.getLength() == 0) {
            throw new DgwsException(FaultCode.INVALID_SIGNATURE, "The ID card is not signed");
        }
        if (signatures.getLength() > 1 || signatures.item(0).getParentNode() != assertion) {
            throw new DgwsException(FaultCode.INVALID_SIGNATURE, "The ID card must carry exactly one enveloped signature");
        }
        return (Element) signatures.item(0);
    }

    private static void checkSignedInfo(SignedInfo info, String id) {
        if (!CanonicalizationMethod.EXCLUSIVE.equals(info.getCanonicalizationMethod().getAlgorithm())) {
            throw new DgwsException(FaultCode.SIGNATURE_NOT_SUPPORTED, "Canonicalization must be exclusive c14n");
        }
        if (!SIGNATURE_METHODS.contains(info.getSignatureMethod().getAlgorithm())) {
            throw new DgwsException(FaultCode.SIGNATURE_NOT_SUPPORTED, "Signature method must be RSA-SHA1 or RSA-SHA256");
        }
        List<?> references = info.getReferences();
        if (references.size() != 1) {
            throw new DgwsException(FaultCode.INVALID_SIGNATURE, "The signature must have exactly one reference");
        }
        Reference reference = (Reference) references.get(0);
        if (!("#" + id).equals(reference.getURI())) {
            throw new DgwsException(FaultCode.INVALID_SIGNATURE, "The signature does not cover the ID card");
        }
        if (!DIGEST_METHODS.contains(reference.getDigestMethod().getAlgorithm())) {
            throw new DgwsException(FaultCode.SIGNATURE_NOT_SUPPORTED, "Digest method must be SHA-1 or SHA-256");
        }
        boolean enveloped = false;
        for (Object t : reference.getTransforms()) {
            String algorithm = ((Transform) t).getAlgorithm();
            if (!TRANSFORMS.contains(algorithm)) {
                throw new DgwsException(FaultCode.SIGNATURE_NOT_SUPPORTED, "Transform not allowed: " + algorithm);
            }
            enveloped |= Transform.ENVELOPED.equals(algorithm);
        }
        if (!enveloped || reference.getTransforms().size() > 2) {
            throw new DgwsException(FaultCode.INVALID_SIGNATURE, "The signature must be enveloped with exclusive c14n");
        }
    }

    private static X509Certificate signerCertificate(KeyInfo keyInfo) {
        X509Certificate found = null;
        if (keyInfo != null) {
            for (Object content : keyInfo.getContent()) {
                if (!(content instanceof X509Data data)) {
                    throw new DgwsException(FaultCode.INVALID_SIGNATURE, "KeyInfo may only hold the signer's X509 certificate");
                }
                for (Object item : data.getContent()) {
                    if (item instanceof X509Certificate certificate) {
                        if (found != null) {
                            throw new DgwsException(FaultCode.INVALID_SIGNATURE, "KeyInfo must hold exactly one certificate");
                        }
                        found = certificate;
                    }
                }
            }
        }
        if (found == null) {
            throw new DgwsException(FaultCode.INVALID_SIGNATURE, "The signature carries no signer certificate");
        }
        return found;
    }

    private void checkCertificate(X509Certificate signer) {
        if (!(signer.getPublicKey() instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new DgwsException(FaultCode.INVALID_CERTIFICATE, "The signer key must be RSA of at least " + MIN_RSA_BITS + " bits");
        }
        if (trustAnchors.anchors().isEmpty()) {
            throw new DgwsException(FaultCode.INVALID_CERTIFICATE, "No trust anchors are configured");
        }
        try {
            PKIXParameters parameters = new PKIXParameters(trustAnchors.anchors());
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(signer)), parameters);
        } catch (java.security.cert.CertPathValidatorException e) {
            throw new DgwsException(FaultCode.INVALID_CERTIFICATE,
                    "The signer certificate is not trusted or not valid now (" + e.getReason() + ")");
        } catch (GeneralSecurityException e) {
            throw new DgwsException(FaultCode.INVALID_CERTIFICATE, "The signer certificate cannot be checked");
        }
        revocation.check(signer);
    }

    /** Reads the verified card through OpenSAML's typed SAML 2.0 objects and applies the SOSI rules to them. */
    private IdCard readCard(Element assertionElement, X509Certificate signer) {
        onlyChild(assertionElement, DgwsNamespaces.SAML, "Conditions");
        Assertion assertion = SamlCards.unmarshal(assertionElement);
        if (assertion.getIssuer() == null || assertion.getIssuer().getValue() == null || assertion.getIssuer().getValue().isBlank()) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card names no Issuer");
        }
        Conditions conditions = assertion.getConditions();
        Instant notBefore = conditions.getNotBefore();
        Instant notOnOrAfter = conditions.getNotOnOrAfter();
        if (notBefore == null || notOnOrAfter == null) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "Conditions must carry NotBefore and NotOnOrAfter");
        }
        Map<String, String> values = new HashMap<>();
        Map<String, String> nameFormats = new HashMap<>();
        for (AttributeStatement statement : assertion.getAttributeStatements()) {
            for (Attribute attribute : statement.getAttributes()) {
                String name = attribute.getName();
                if (attribute.getAttributeValues().size() != 1) {
                    throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card's attribute " + name + " must have exactly one value");
                }
                String value = SamlCards.text(attribute.getAttributeValues().get(0));
                if (values.put(name, value == null ? "" : value.trim()) != null) {
                    throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card repeats attribute " + name);
                }
                if (attribute.getNameFormat() != null) {
                    nameFormats.put(name, attribute.getNameFormat());
                }
            }
        }
        NameID nameId = assertion.getSubject() == null ? null : assertion.getSubject().getNameID();
        if ("user".equals(values.get("sosi:IDCardType")) && nameId != null && "medcom:cprnumber".equals(nameId.getFormat())
                && !java.util.Objects.equals(nameId.getValue() == null ? null : nameId.getValue().trim(),
                values.get("medcom:UserCivilRegistrationNumber"))) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card's subject (NameID) is not its user");
        }
        if (!"1.0.1".equals(values.get("sosi:IDCardVersion"))) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "IDCardVersion must be 1.0.1");
        }
        String type = values.get("sosi:IDCardType");
        if (!"user".equals(type) && !"system".equals(type)) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "IDCardType must be user or system");
        }
        int level;
        try {
            level = Integer.parseInt(values.getOrDefault("sosi:AuthenticationLevel", ""));
        } catch (NumberFormatException e) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "AuthenticationLevel must be a number");
        }
        String careProviderId = values.get("medcom:CareProviderID");
        String careProviderFormat = nameFormats.get("medcom:CareProviderID");
        if (careProviderId == null || careProviderFormat == null) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card must name its care provider (medcom:CareProviderID with NameFormat)");
        }
        String cpr = values.get("medcom:UserCivilRegistrationNumber");
        String authorizationCode = values.get("medcom:UserAuthorizationCode");
        if ("user".equals(type)) {
            if (cpr == null || !Identifiers.isCpr(cpr)) {
                throw new DgwsException(FaultCode.INVALID_IDCARD, "A user card must carry the user's CPR number");
            }
            if (values.get("medcom:UserRole") == null) {
                throw new DgwsException(FaultCode.INVALID_IDCARD, "A user card must carry the user's role");
            }
            if (authorizationCode != null && !authorizationCode.isEmpty() && !Identifiers.isAuthorizationCode(authorizationCode)) {
                throw new DgwsException(FaultCode.INVALID_IDCARD, "UserAuthorizationCode must be 5 letters or digits");
            }
        } else if (values.get("medcom:ITSystemName") == null) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "A system card must name its IT system");
        }
        return new IdCard(values.get("sosi:IDCardID"), type, level, notBefore, notOnOrAfter,
                "user".equals(type) ? cpr : null, values.get("medcom:UserGivenName"), values.get("medcom:UserSurName"),
                values.get("medcom:UserEmailAddress"), values.get("medcom:UserRole"),
                authorizationCode == null || authorizationCode.isEmpty() ? null : authorizationCode,
                values.get("medcom:UserOccupation"), values.get("medcom:ITSystemName"), careProviderId, careProviderFormat,
                values.get("medcom:CareProviderName"), signer.getSubjectX500Principal().getName());
    }

    private static Element onlyChild(Element parent, String namespace, String localName) {
        Element found = null;
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                if (found != null) {
                    throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card repeats saml:" + localName);
                }
                found = e;
            }
        }
        if (found == null) {
            throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card has no saml:" + localName);
        }
        return found;
    }

    /** Hands the signature API the key of the certificate in KeyInfo; whether to trust it is decided separately. */
    private static final class X509KeySelector extends KeySelector {
        @Override
        public KeySelectorResult select(KeyInfo keyInfo, Purpose purpose, AlgorithmMethod method, XMLCryptoContext context) {
            X509Certificate certificate = signerCertificate(keyInfo);
            return certificate::getPublicKey;
        }
    }
}
