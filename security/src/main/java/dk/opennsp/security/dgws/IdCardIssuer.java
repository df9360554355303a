package dk.opennsp.security.dgws;

import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.saml.common.SAMLVersion;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.AttributeValue;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Subject;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.xmlsec.signature.KeyInfo;
import org.opensaml.xmlsec.signature.KeyName;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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
 * SystemLog statements and an enveloped {@code ds:Signature id="OCESSignature"}. The card is built with
 * OpenSAML and signed with the JDK's XML signature API. Used by dev mode (demo cards), the STS token
 * exchange and the tests; it signs with whatever key it is given.
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

    /**
     * The unsigned card, built with OpenSAML's SAML 2.0 objects. SOSI differs from SAML 2.0 in three
     * places, set on the DOM afterwards: the lower-case {@code id} attributes the signature refers to, and
     * the SAML1-style {@code ConfirmationMethod} element in the SubjectConfirmation.
     */
    private String template(CardSubject s, Instant notBefore, Instant notOnOrAfter) {
        boolean user = "user".equals(s.type());
        Assertion assertion = SamlCards.build(Assertion.DEFAULT_ELEMENT_NAME, SAML);
        assertion.setVersion(SAMLVersion.VERSION_20);
        assertion.setIssueInstant(notBefore);
        Issuer issuerName = SamlCards.build(Issuer.DEFAULT_ELEMENT_NAME, SAML);
        issuerName.setValue(issuer);
        assertion.setIssuer(issuerName);

        NameID nameId = SamlCards.build(NameID.DEFAULT_ELEMENT_NAME, SAML);
        nameId.setFormat(user ? "medcom:cprnumber" : "medcom:cvrnumber");
        nameId.setValue(user ? s.cpr() : s.careProviderId());
        KeyName keyName = SamlCards.build(KeyName.DEFAULT_ELEMENT_NAME, DS);
        keyName.setValue("OCESSignature");
        KeyInfo keyInfo = SamlCards.build(KeyInfo.DEFAULT_ELEMENT_NAME, DS);
        keyInfo.getKeyNames().add(keyName);
        SubjectConfirmationData data = SamlCards.build(SubjectConfirmationData.DEFAULT_ELEMENT_NAME, SAML);
        data.getUnknownXMLObjects().add(keyInfo);
        SubjectConfirmation confirmation = SamlCards.build(SubjectConfirmation.DEFAULT_ELEMENT_NAME, SAML);
        confirmation.setSubjectConfirmationData(data);
        Subject subject = SamlCards.build(Subject.DEFAULT_ELEMENT_NAME, SAML);
        subject.setNameID(nameId);
        subject.getSubjectConfirmations().add(confirmation);
        assertion.setSubject(subject);

        Conditions conditions = SamlCards.build(Conditions.DEFAULT_ELEMENT_NAME, SAML);
        conditions.setNotBefore(notBefore);
        conditions.setNotOnOrAfter(notOnOrAfter);
        assertion.setConditions(conditions);

        AttributeStatement idCardData = statement(assertion);
        attribute(idCardData, "sosi:IDCardID", newCardId(), null);
        attribute(idCardData, "sosi:IDCardVersion", "1.0.1", null);
        attribute(idCardData, "sosi:IDCardType", s.type(), null);
        attribute(idCardData, "sosi:AuthenticationLevel", String.valueOf(s.authenticationLevel()), null);
        attribute(idCardData, "sosi:OCESCertHash", certificateHash(), null);
        if (user) {
            AttributeStatement userLog = statement(assertion);
            attribute(userLog, "medcom:UserCivilRegistrationNumber", s.cpr(), null);
            attribute(userLog, "medcom:UserGivenName", s.givenName(), null);
            attribute(userLog, "medcom:UserSurName", s.surName(), null);
            attribute(userLog, "medcom:UserEmailAddress", s.email(), null);
            attribute(userLog, "medcom:UserRole", s.role(), null);
            attribute(userLog, "medcom:UserAuthorizationCode", s.authorizationCode(), null);
            attribute(userLog, "medcom:UserOccupation", s.occupation(), null);
        }
        AttributeStatement systemLog = statement(assertion);
        attribute(systemLog, "medcom:ITSystemName", s.itSystem(), null);
        attribute(systemLog, "medcom:CareProviderID", s.careProviderId(), s.careProviderFormat());
        attribute(systemLog, "medcom:CareProviderName", s.careProviderName(), null);

        Element card = SamlCards.marshal(assertion);
        card.setAttributeNS(null, "id", "IDCard");
        List<String> statementIds = user ? List.of("IDCardData", "UserLog", "SystemLog") : List.of("IDCardData", "SystemLog");
        NodeList statements = card.getElementsByTagNameNS(DgwsNamespaces.SAML, "AttributeStatement");
        for (int i = 0; i < statements.getLength(); i++) {
            ((Element) statements.item(i)).setAttributeNS(null, "id", statementIds.get(i));
        }
        Element confirmationElement = (Element) card.getElementsByTagNameNS(DgwsNamespaces.SAML, "SubjectConfirmation").item(0);
        Element method = card.getOwnerDocument().createElementNS(DgwsNamespaces.SAML, SAML + ":ConfirmationMethod");
        method.setTextContent("urn:oasis:names:tc:SAML:2.0:cm:holder-of-key");
        confirmationElement.insertBefore(method, confirmationElement.getFirstChild());
        try {
            return serialize(card);
        } catch (Exception e) {
            throw new IllegalStateException("The ID card cannot be written", e);
        }
    }

    private static final String SAML = "saml";
    private static final String DS = "ds";

    private static AttributeStatement statement(Assertion assertion) {
        AttributeStatement statement = SamlCards.build(AttributeStatement.DEFAULT_ELEMENT_NAME, SAML);
        assertion.getAttributeStatements().add(statement);
        return statement;
    }

    private static void attribute(AttributeStatement statement, String name, String value, String nameFormat) {
        if (value == null) {
            return;
        }
        Attribute attribute = SamlCards.build(Attribute.DEFAULT_ELEMENT_NAME, SAML);
        attribute.setName(name);
        if (nameFormat != null) {
            attribute.setNameFormat(nameFormat);
        }
        XSAny text = SamlCards.build(AttributeValue.DEFAULT_ELEMENT_NAME, SAML);
        text.setTextContent(value);
        attribute.getAttributeValues().add(text);
        statement.getAttributes().add(attribute);
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
