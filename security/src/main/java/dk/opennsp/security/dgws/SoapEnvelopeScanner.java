package dk.opennsp.security.dgws;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import dk.opennsp.security.dgws.DgwsEnvelope.CardBytes;
import dk.opennsp.security.dgws.DgwsEnvelope.MedcomHeader;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One streaming pass over a SOAP 1.1 request that finds the DGWS parts without building a tree.
 * It refuses DTDs (and with them entity expansion and external entities), bounds depth and sizes,
 * and enforces the structural anti-wrapping rules: exactly one wsse:Security holding exactly one
 * saml:Assertion, and no saml:Assertion anywhere else in the message.
 *
 * <p>Woodstox reports character offsets, so the card is cut out exactly as it was sent: those
 * characters are what the validation cache is keyed by and what the signature is checked on.
 */
public final class SoapEnvelopeScanner {
    private static final XMLInputFactory FACTORY = hardenedFactory();

    private SoapEnvelopeScanner() {
    }

    private static XMLInputFactory hardenedFactory() {
        WstxInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, 64);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 64);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 64 * 1024);
        factory.setProperty(WstxInputProperties.P_MAX_CHILDREN_PER_ELEMENT, 10_000);
        return factory;
    }

    /** Scans a request; any structural or syntactic problem is a {@link DgwsException} with the DGWS code. */
    public static DgwsEnvelope scan(String xml) {
        try {
            return new Scan(xml).run();
        } catch (XMLStreamException e) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "The message is not well-formed XML");
        }
    }

    private static final class Scan {
        private final String xml;
        private final Deque<String> path = new ArrayDeque<>();
        private final Deque<Map<String, String>> namespaceFrames = new ArrayDeque<>();
        private final Map<String, String> medcom = new HashMap<>();
        private Map<String, String> hsuid;
        private int securityHeaders;
        private int medcomHeaders;
        private int assertions;
        private int cardStart = -1;
        private Map<String, String> cardNamespaces;
        private String cardXml;
        private String pendingHsuidName;
        private StringBuilder text;
        private String operation;
        private String operationNamespace;
        private boolean sawHeader;
        private int headerStart = -1;
        private int headerEnd = -1;
        private int bodyStart = -1;
        private String bodyXml;

        Scan(String xml) {
            this.xml = xml;
        }

        DgwsEnvelope run() throws XMLStreamException {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                while (reader.hasNext()) {
                    switch (reader.next()) {
                        case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
                                throw new DgwsException(FaultCode.SYNTAX_ERROR, "DTDs and entity references are not allowed");
                        case XMLStreamConstants.START_ELEMENT -> start(reader);
                        case XMLStreamConstants.END_ELEMENT -> end(reader);
                        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                            if (text != null) {
                                text.append(reader.getText());
                            }
                        }
                        default -> {
                        }
                    }
                }
            } finally {
                reader.close();
            }
            return result();
        }

        private void start(XMLStreamReader reader) {
            String ns = reader.getNamespaceURI() == null ? "" : reader.getNamespaceURI();
            String local = reader.getLocalName();
            int depth = path.size() + 1;
            String parent = path.peek();
            Map<String, String> frame = new LinkedHashMap<>();
            for (int i = 0; i < reader.getNamespaceCount(); i++) {
                frame.put(reader.getNamespacePrefix(i) == null ? "" : reader.getNamespacePrefix(i), reader.getNamespaceURI(i));
            }
            if (depth == 1) {
                if (DgwsNamespaces.SOAP12.equals(ns)) {
                    throw new DgwsException(FaultCode.SYNTAX_ERROR, "Only SOAP 1.1 envelopes are accepted");
                }
                if (!DgwsNamespaces.SOAP11.equals(ns) || !"Envelope".equals(local)) {
                    throw new DgwsException(FaultCode.SYNTAX_ERROR, "The message is not a SOAP 1.1 envelope");
                }
            }
            String key = ns + "|" + local;
            if (SAML_ASSERTION.equals(key)) {
                assertions++;
                if (assertions > 1) {
                    throw new DgwsException(FaultCode.INVALID_IDCARD, "The message holds more than one SAML assertion; exactly one ID card is allowed");
                }
                if (!WSSE_SECURITY.equals(parent) || path.size() != 3 || !SOAP_HEADER.equals(new java.util.ArrayList<>(path).get(1))) {
                    throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card must stand directly in soap:Header/wsse:Security");
                }
                cardStart = reader.getLocation().getCharacterOffset();
                cardNamespaces = inScopeNamespaces();
            }
            if (depth == 2 && SOAP_HEADER.equals(key)) {
                sawHeader = true;
                headerStart = reader.getLocation().getCharacterOffset();
            }
            if (depth == 2 && SOAP_BODY.equals(key)) {
                bodyStart = reader.getLocation().getCharacterOffset();
            }
            if (depth == 3 && SOAP_HEADER.equals(parent)) {
                switch (key) {
                    case WSSE_SECURITY -> securityHeaders++;
                    case MEDCOM_HEADER -> medcomHeaders++;
                    case HSUID_HEADER -> {
                        if (hsuid != null) {
                            throw new DgwsException(FaultCode.SYNTAX_ERROR, "The HSUID header appears more than once");
                        }
                        hsuid = new LinkedHashMap<>();
                    }
                    default -> {
                        // SOAP 1.1 §4.2.3: a header the receiver must understand and does not is refused
                        String mustUnderstand = reader.getAttributeValue(DgwsNamespaces.SOAP11, "mustUnderstand");
                        if ("1".equals(mustUnderstand) || "true".equals(mustUnderstand)) {
                            throw new DgwsException(FaultCode.SYNTAX_ERROR, "The header {" + ns + "}" + local
                                    + " is marked mustUnderstand and is not understood by this service");
                        }
                    }
                }
            }
            if (depth == 3 && SOAP_BODY.equals(parent)) {
                if (operation != null) {
                    // DGWS: one operation per message; a second element could be read by a lenient binding
                    throw new DgwsException(FaultCode.SYNTAX_ERROR, "The soap:Body must hold exactly one element");
                }
                operation = local;
                operationNamespace = ns;
            }
            if (depth > 3 && within(MEDCOM_HEADER) && DgwsNamespaces.MEDCOM.equals(ns)) {
                text = new StringBuilder();
            }
            if (within(HSUID_HEADER) && DgwsNamespaces.HSUID.equals(ns)) {
                if ("Attribute".equals(local)) {
                    pendingHsuidName = reader.getAttributeValue(null, "Name");
                    String format = reader.getAttributeValue(null, "NameFormat");
                    if (pendingHsuidName != null && format != null) {
                        hsuid.put(pendingHsuidName + DgwsEnvelope.NAME_FORMAT_SUFFIX, format);
                    }
                } else if ("AttributeValue".equals(local) && pendingHsuidName != null) {
                    text = new StringBuilder();
                }
            }
            path.push(key);
            namespaceFrames.push(frame);
        }

        private void end(XMLStreamReader reader) {
            String key = path.pop();
            namespaceFrames.pop();
            if (SOAP_HEADER.equals(key) && path.size() == 1 && headerStart >= 0) {
                headerEnd = xml.indexOf('>', reader.getLocation().getCharacterOffset()) + 1;
            }
            if (SOAP_BODY.equals(key) && path.size() == 1 && bodyStart >= 0) {
                bodyXml = xml.substring(bodyStart, Math.max(bodyStart, reader.getLocation().getCharacterOffset()));
            }
            if (SAML_ASSERTION.equals(key)) {
                int endTag = reader.getLocation().getCharacterOffset();
                int close = xml.indexOf('>', endTag);
                if (cardStart < 0 || close < 0 || xml.charAt(cardStart) != '<') {
                    throw new DgwsException(FaultCode.INVALID_IDCARD, "The ID card could not be located");
                }
                cardXml = xml.substring(cardStart, close + 1);
            }
            if (text != null && key.startsWith(DgwsNamespaces.MEDCOM + "|") && within(MEDCOM_HEADER)) {
                String field = key.substring(DgwsNamespaces.MEDCOM.length() + 1);
                if (medcom.put(field, text.toString().trim()) != null && !"Linking".equals(field)) {
                    throw new DgwsException(FaultCode.SYNTAX_ERROR, "medcom:" + field + " appears more than once");
                }
                text = null;
            }
            if (HSUID_VALUE.equals(key) && text != null) {
                if (hsuid.put(pendingHsuidName, text.toString().trim()) != null) {
                    throw new DgwsException(FaultCode.SYNTAX_ERROR, "HSUID attribute " + pendingHsuidName + " appears more than once");
                }
                text = null;
            }
            if (HSUID_ATTRIBUTE.equals(key)) {
                pendingHsuidName = null;
            }
        }

        private boolean within(String key) {
            return path.contains(key);
        }

        private Map<String, String> inScopeNamespaces() {
            Map<String, String> scope = new HashMap<>();
            // frames are innermost first: outer bindings are overridden by inner ones
            var frames = new java.util.ArrayList<>(namespaceFrames);
            java.util.Collections.reverse(frames);
            frames.forEach(scope::putAll);
            return scope;
        }

        private DgwsEnvelope result() {
            if (!sawHeader) {
                throw new DgwsException(FaultCode.MISSING_REQUIRED_HEADER, "The message has no soap:Header");
            }
            if (securityHeaders == 0) {
                throw new DgwsException(FaultCode.MISSING_REQUIRED_HEADER, "The message has no wsse:Security header");
            }
            if (securityHeaders > 1 || medcomHeaders > 1) {
                throw new DgwsException(FaultCode.SYNTAX_ERROR, "wsse:Security and medcom:Header may appear only once");
            }
            if (medcomHeaders == 0) {
                throw new DgwsException(FaultCode.MISSING_REQUIRED_HEADER, "The message has no medcom:Header");
            }
            if (operation == null) {
                throw new DgwsException(FaultCode.SYNTAX_ERROR, "The soap:Body is empty");
            }
            CardBytes card = cardXml == null ? null : new CardBytes(cardXml, Map.copyOf(cardNamespaces));
            MedcomHeader header = new MedcomHeader(medcom.get("SecurityLevel"), medcom.get("TimeOut"),
                    medcom.get("FlowID"), medcom.get("MessageID"), medcom.get("InResponseToMessageID"),
                    medcom.get("FlowStatus"), medcom.get("Priority"), medcom.get("RequireNonRepudiationReceipt"));
            String withoutHeader = headerStart >= 0 && headerEnd > headerStart && xml.charAt(headerStart) == '<'
                    ? xml.substring(0, headerStart) + xml.substring(headerEnd) : xml;
            return new DgwsEnvelope(card, header, hsuid == null ? null : Map.copyOf(hsuid), operation, operationNamespace,
                    bodyXml == null ? "" : bodyXml, withoutHeader);
        }
    }

    private static final String SOAP_HEADER = DgwsNamespaces.SOAP11 + "|Header";
    private static final String SOAP_BODY = DgwsNamespaces.SOAP11 + "|Body";
    private static final String WSSE_SECURITY = DgwsNamespaces.WSSE + "|Security";
    private static final String SAML_ASSERTION = DgwsNamespaces.SAML + "|Assertion";
    private static final String MEDCOM_HEADER = DgwsNamespaces.MEDCOM + "|Header";
    private static final String HSUID_HEADER = DgwsNamespaces.HSUID + "|HSUIDHeader";
    private static final String HSUID_ATTRIBUTE = DgwsNamespaces.HSUID + "|Attribute";
    private static final String HSUID_VALUE = DgwsNamespaces.HSUID + "|AttributeValue";
}
