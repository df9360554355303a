package dk.opennsp.services.minlog;

import dk.opennsp.minlog.MinLogRegistrations;
import dk.opennsp.minlog.MinLogRegistrations.Submitted;
import dk.opennsp.security.access.AccessLogEntry;
import dk.opennsp.security.dgws.DgwsCall;
import dk.opennsp.security.dgws.SecureXml;
import dk.opennsp.soap.DgwsContext;
import dk.opennsp.soap.SoapPayloads;
import dk.opennsp.soap.SoapService;
import jakarta.inject.Singleton;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.Validator;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * MinLog2 AddRegistrations over DGWS ({@code /soap/minlog2-registration}), per the official
 * minlog2-registration_20250312.xsd. Each LogDataEntry is validated against the schema on its own, so
 * one bad entry fails alone (FailedLogDataEntries) while the rest are stored.
 */
@Singleton
@WebServiceProvider(serviceName = "MinLog2RegistrationService", portName = "MinLog2RegistrationPort",
        targetNamespace = MinLogRegistrationEndpoint.NAMESPACE)
@ServiceMode(jakarta.xml.ws.Service.Mode.PAYLOAD)
public class MinLogRegistrationEndpoint implements Provider<Source>, SoapService {
    static final String NAMESPACE = "http://www.sundhedsdatastyrelsen.dk/minlog/xml.schema/2025/03/12/minlog2-registration.xsd";
    private static final Schema SCHEMA = SoapPayloads.schema("wsdl/minlog2/minlog2-registration_20250312.xsd");
    /** 500 typical entries (≈700 bytes each) and the DGWS header fit; the HTTP server's 1 MB limit is the ceiling. */
    private static final int MAX_MESSAGE = 1024 * 1024;

    private final MinLogRegistrations registrations;

    public MinLogRegistrationEndpoint(MinLogRegistrations registrations) {
        this.registrations = registrations;
    }

    @Override
    public String path() {
        return "minlog2-registration";
    }

    /** MinLog registrations change state: a retransmitted MessageID is answered with the first response. */
    @Override
    public boolean changesState() {
        return true;
    }

    @Override
    public String wsdlResource() {
        return "wsdl/minlog2/minlog2-registration.wsdl";
    }

    @Override
    public int maxMessageSize() {
        return MAX_MESSAGE;
    }

    @Override
    public Source invoke(Source payload) {
        DgwsCall call = DgwsContext.current();
        Element request = SoapPayloads.root(payload, NAMESPACE, Set.of("RegistrationRequest"));
        List<Submitted> submitted = new ArrayList<>();
        Validator validator = SCHEMA.newValidator();
        int position = 0;
        for (Node n = request.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                position++;
                submitted.add("LogDataEntry".equals(e.getLocalName()) && e.getNamespaceURI() == null
                        ? read(e, position, validator)
                        : Submitted.unreadable(position, null, "unexpected element " + e.getLocalName()));
            }
        }
        MinLogRegistrations.Result result = registrations.register(call.caller(), submitted);
        Document document = SecureXml.newDocument();
        Element root = document.createElementNS(NAMESPACE, "minlog:RegistrationResponse");
        document.appendChild(root);
        for (MinLogRegistrations.Failure f : result.failed()) {
            Element failed = unqualified(root, "FailedLogDataEntries", null);
            unqualified(failed, "FaultCode", f.faultCode());
            unqualified(failed, "FaultText", f.faultText());
            if (f.sequenceNumber() != null) {
                unqualified(failed, "SequenceNumber", f.sequenceNumber());
            }
        }
        unqualified(root, "NumberAdded", Integer.toString(result.added()));
        unqualified(root, "NumberFailed", Integer.toString(result.failed().size()));
        return new DOMSource(document);
    }

    /** One entry, validated alone by wrapping it in a RegistrationRequest of its own. */
    private static Submitted read(Element entry, int position, Validator validator) {
        Element destination = SoapPayloads.child(entry, "Destination");
        String sequence = destination == null ? null : SoapPayloads.text(destination, "SequenceNumber");
        Document single = SecureXml.newDocument();
        Element wrapper = single.createElementNS(NAMESPACE, "minlog:RegistrationRequest");
        single.appendChild(wrapper);
        wrapper.appendChild(single.importNode(entry, true));
        try {
            validator.validate(new DOMSource(single));
        } catch (SAXException e) {
            return Submitted.unreadable(position, sequence, "not valid per minlog2-registration_20250312.xsd: " + e.getMessage());
        } catch (IOException e) {
            return Submitted.unreadable(position, sequence, "cannot be read");
        }
        Element d = destination;
        Element person = SoapPayloads.child(d, "PersonIdentifier");
        Element org = SoapPayloads.child(d, "OrganisationId");
        Element user = SoapPayloads.child(d, "UserPersonIdentifier");
        Element obo = SoapPayloads.child(d, "OnBehalfOfPersonIdentifier");
        String dateTime = text(d, "DateTime");
        Instant from;
        Instant to = null;
        try {
            from = instant(dateTime != null ? dateTime : text(d, "FromDateTime"));
            if (dateTime == null) {
                to = instant(text(d, "ToDateTime"));
            }
        } catch (DateTimeParseException e) {
            return Submitted.unreadable(position, sequence, "DateTime must carry a time zone (e.g. 2026-01-31T10:00:00Z)");
        }
        List<String> filters = new ArrayList<>();
        for (Node n = d.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "Filter".equals(e.getLocalName())) {
                filters.add(e.getTextContent().trim());
            }
        }
        return Submitted.of(position, new AccessLogEntry(
                person.getTextContent().trim(), person.getAttribute("source"), from, to,
                text(d, "SystemName"), text(d, "Activity"), text(d, "Reason"), text(d, "Addition"), text(d, "Criticality"),
                org == null ? null : org.getTextContent().trim(), org == null ? null : org.getAttribute("source"),
                text(d, "OrganisationName"), text(d, "PersonName"),
                user.getTextContent().trim(), user.getAttribute("source"), text(d, "UserPersonName"), text(d, "UserRole"),
                obo == null ? null : obo.getTextContent().trim(), obo == null ? null : obo.getAttribute("source"),
                text(d, "OnBehalfOfPersonName"), text(d, "OnBehalfOfUserRole"), filters,
                text(d, "CorrelationId"), sequence, null));
    }

    private static String text(Element parent, String name) {
        return SoapPayloads.text(parent, name);
    }

    private static Instant instant(String value) {
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }

    /** The schema's elementFormDefault is unqualified: only the root is in the namespace. */
    private static Element unqualified(Element parent, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(null, name);
        if (text != null) {
            e.setTextContent(text);
        }
        parent.appendChild(e);
        return e;
    }
}
