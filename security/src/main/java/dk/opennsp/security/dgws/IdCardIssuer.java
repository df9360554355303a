package dk.opennsp.security.dgws;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

/**
 * Issues SOSI ID cards of exactly the real STS's shape (ARCHITECTURE.md §4, sts-response-test1.xml):
 * lower-case {@code id="IDCard"}, SAML1-style SubjectConfirmation, the IDCardData / UserLog /
 * SystemLog statements and an enveloped {@code ds:Signature id="OCESSignature"}. Used by dev mode
 * (demo cards) and by the tests; it signs with whatever key it is given and is not a production STS.
 */
public final class IdCardIssuer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String issuer;

    public IdCardIssuer(PrivateKey key, X509Certificate certificate, String issuer) {
        this.key = key;
        this.certificate = certificate;
        this.issuer = issuer;
    }

    /** Who the card is for. For a system card, leave the user fields null. */
    public record CardSubject(String type, int authenticationLevel, String cpr, String givenName, String surName,
                              String email, String role, String authorizationCode, String occupation,
                              String itSystem, String careProviderId, String careProviderFormat, String careProviderName) {

        public static CardSubject user(String cpr, String givenName, String surName, String role, String authorizationCode,
                                       String itSystem, String careProviderId, String careProviderFormat, String careProviderName) {
            return new CardSubject("user", 4, cpr, givenName, surName, null, role, authorizationCode, null,
                    itSystem, careProviderId, careProviderFormat, careProviderName);
        }

        public static CardSubject system(String itSystem, String careProviderId, String careProviderFormat, String careProviderName) {
            return new CardSubject("system", 3, null, null, null, null, null, null, null,
                    itSystem, careProviderId, careProviderFormat, careProviderName);
        }
    }

    /** A card valid from {@code notBefore} for 24 hours, signed with RSA-SHA256. */
    public String issue(CardSubject subject, Instant notBefore) {
        return issue(subject, notBefore, notBefore.plus(24, ChronoUnit.HOURS), SignatureMethod.RSA_SHA256);
    }

    public String issue(CardSubject subject, Instant notBefore, Instant notOnOrAfter, String signatureMethod) {
        String unsigned = template(subject, notBefore.truncatedTo(ChronoUnit.SECONDS), notOnOrAfter.truncatedTo(ChronoUnit.SECONDS));
        return sign(unsigned, signatureMethod);
    }

    /** Signs an unsigned saml:Assertion (given as XML text) the way the STS does and returns the card as text. */
    public String sign(String unsignedAssertion, String signatureMethod) {
        try {
            Document document = SecureXml.parse(unsignedAssertion);
            Element assertion = document.getDocumentElement();
            XMLSignatureFactory factory = XMLSignatureFactory.getInstance("DOM");
            String digest = SignatureMethod.RSA_SHA1.equals(signatureMethod) ? DigestMethod.SHA1 : DigestMethod.SHA256;
            Reference reference = factory.newReference("#" + assertion.getAttribute("id"),
                    factory.newDigestMethod(digest, null),
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    null, null);
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(signatureMethod, null), List.of(reference));
            KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
            var keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.of(certificate))));
            DOMSignContext context = new DOMSignContext(key, assertion);
            context.setDefaultNamespacePrefix("ds");
            context.setIdAttributeNS(assertion, null, "id");
            factory.newXMLSignature(signedInfo, keyInfo, null, "OCESSignature", null).sign(context);
            return serialize(assertion);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign the ID card", e);
        }
    }

    private String template(CardSubject s, Instant notBefore, Instant notOnOrAfter) {
        boolean user = "user".equals(s.type());
        StringBuilder xml = new StringBuilder()
                .append("<saml:Assertion xmlns:saml=\"").append(DgwsNamespaces.SAML).append("\" xmlns:ds=\"").append(DgwsNamespaces.DS)
                .append("\" IssueInstant=\"").append(notBefore).append("\" Version=\"2.0\" id=\"IDCard\">")
                .append("<saml:Issuer>").append(esc(issuer)).append("</saml:Issuer>")
                .append("<saml:Subject><saml:NameID Format=\"").append(user ? "medcom:cprnumber" : "medcom:cvrnumber").append("\">")
                .append(esc(user ? s.cpr() : s.careProviderId())).append("</saml:NameID>")
                .append("<saml:SubjectConfirmation><saml:ConfirmationMethod>urn:oasis:names:tc:SAML:2.0:cm:holder-of-key</saml:ConfirmationMethod>")
                .append("<saml:SubjectConfirmationData><ds:KeyInfo><ds:KeyName>OCESSignature</ds:KeyName></ds:KeyInfo></saml:SubjectConfirmationData>")
                .append("</saml:SubjectConfirmation></saml:Subject>")
                .append("<saml:Conditions NotBefore=\"").append(notBefore).append("\" NotOnOrAfter=\"").append(notOnOrAfter).append("\"/>")
                .append("<saml:AttributeStatement id=\"IDCardData\">");
        attribute(xml, "sosi:IDCardID", newCardId(), null);
        attribute(xml, "sosi:IDCardVersion", "1.0.1", null);
        attribute(xml, "sosi:IDCardType", s.type(), null);
        attribute(xml, "sosi:AuthenticationLevel", String.valueOf(s.authenticationLevel()), null);
        attribute(xml, "sosi:OCESCertHash", certificateHash(), null);
        xml.append("</saml:AttributeStatement>");
        if (user) {
            xml.append("<saml:AttributeStatement id=\"UserLog\">");
            attribute(xml, "medcom:UserCivilRegistrationNumber", s.cpr(), null);
            attribute(xml, "medcom:UserGivenName", s.givenName(), null);
            attribute(xml, "medcom:UserSurName", s.surName(), null);
            attribute(xml, "medcom:UserEmailAddress", s.email(), null);
            attribute(xml, "medcom:UserRole", s.role(), null);
            attribute(xml, "medcom:UserAuthorizationCode", s.authorizationCode(), null);
            attribute(xml, "medcom:UserOccupation", s.occupation(), null);
            xml.append("</saml:AttributeStatement>");
        }
        xml.append("<saml:AttributeStatement id=\"SystemLog\">");
        attribute(xml, "medcom:ITSystemName", s.itSystem(), null);
        attribute(xml, "medcom:CareProviderID", s.careProviderId(), s.careProviderFormat());
        attribute(xml, "medcom:CareProviderName", s.careProviderName(), null);
        xml.append("</saml:AttributeStatement></saml:Assertion>");
        return xml.toString();
    }

    private static void attribute(StringBuilder xml, String name, String value, String nameFormat) {
        if (value == null) {
            return;
        }
        xml.append("<saml:Attribute Name=\"").append(name).append('"');
        if (nameFormat != null) {
            xml.append(" NameFormat=\"").append(esc(nameFormat)).append('"');
        }
        xml.append("><saml:AttributeValue>").append(esc(value)).append("</saml:AttributeValue></saml:Attribute>");
    }

    private static String newCardId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return Base64.getEncoder().encodeToString(id);
    }

    private String certificateHash() {
        try {
            return Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String esc(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String serialize(Element element) throws Exception {
        Transformer transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(element), new StreamResult(out));
        return out.toString();
    }
}
