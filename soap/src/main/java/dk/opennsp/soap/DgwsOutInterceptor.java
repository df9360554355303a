package dk.opennsp.soap;

import dk.opennsp.security.dgws.DgwsEnvelope;
import dk.opennsp.security.dgws.DgwsNamespaces;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.helpers.DOMUtils;
import org.apache.cxf.phase.Phase;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.namespace.QName;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * Adds the response medcom:Header: a new MessageID, InResponseToMessageID = the request's
 * MessageID, the FlowID echoed, and FlowStatus {@code flow_finalized_succesfully} (the spec's
 * spelling) on successful answers.
 */
final class DgwsOutInterceptor extends AbstractSoapInterceptor {
    private final boolean fault;

    DgwsOutInterceptor(boolean fault) {
        super(Phase.PRE_PROTOCOL);
        this.fault = fault;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        DgwsEnvelope request = message.getExchange().get(DgwsEnvelope.class);
        if (message.getExchange().get(SoapGateway.METADATA_REQUEST) != null) {
            return;
        }
        DgwsEnvelope.MedcomHeader in = request == null ? null : request.medcom();
        Document document = DOMUtils.createDocument();
        Element header = document.createElementNS(DgwsNamespaces.MEDCOM, "medcom:Header");
        header.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:medcom", DgwsNamespaces.MEDCOM);
        if (in != null && in.securityLevel() != null) {
            append(header, "SecurityLevel", in.securityLevel());
        }
        Element linking = append(header, "Linking", null);
        if (in != null && in.flowId() != null) {
            append(linking, "FlowID", in.flowId());
        }
        append(linking, "MessageID", newMessageId());
        if (in != null && in.messageId() != null) {
            append(linking, "InResponseToMessageID", in.messageId());
        }
        if (!fault) {
            append(header, "FlowStatus", "flow_finalized_succesfully");
        }
        append(header, "Priority", in != null && in.priority() != null ? in.priority() : "RUTINE");
        message.getHeaders().add(new SoapHeader(new QName(DgwsNamespaces.MEDCOM, "Header"), header));
        DgwsContext.AccessNotice notice = message.getExchange().get(DgwsContext.AccessNotice.class);
        if (notice != null && !fault) {
            Element element = document.createElementNS(DgwsContext.NOTICE_NAMESPACE, "opennsp:AccessNotice");
            element.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:opennsp", DgwsContext.NOTICE_NAMESPACE);
            element.setAttribute("code", notice.code());
            element.setTextContent(notice.text());
            message.getHeaders().add(new SoapHeader(new QName(DgwsContext.NOTICE_NAMESPACE, "AccessNotice"), element));
        }
    }

    private static Element append(Element parent, String name, String text) {
        Element child = parent.getOwnerDocument().createElementNS(DgwsNamespaces.MEDCOM, "medcom:" + name);
        if (text != null) {
            child.setTextContent(text);
        }
        parent.appendChild(child);
        return child;
    }

    private static String newMessageId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
