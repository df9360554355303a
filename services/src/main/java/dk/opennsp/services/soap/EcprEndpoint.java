package dk.opennsp.services.soap;

import dk.opennsp.ecpr.EcprNumbers;
import dk.opennsp.ecpr.EcprRegistry;
import dk.opennsp.ecpr.ExternalIdentifier;
import dk.opennsp.ecpr.Registration;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.dgws.DgwsCall;
import dk.opennsp.security.dgws.DgwsException;
import dk.opennsp.security.dgws.FaultCode;
import dk.opennsp.services.ecpr.PersonRegistrations;
import dk.opennsp.soap.DgwsContext;
import dk.opennsp.soap.SoapPayloads;
import dk.opennsp.soap.SoapService;
import jakarta.inject.Singleton;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.transform.Source;
import javax.xml.validation.Schema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The eCPR registry over DGWS ({@code /soap/ecpr}): CreatePersonRegistration and SearchPersonRegistrations,
 * for professionals (level-4 cards) and systems (level-3 cards), on the same access path as FHIR Patient.
 * Not in the retransmission memory: its answers carry a person's data, which is never kept for a replay; a
 * create sent again with the person's other identifiers finds the first registration instead of making a second.
 */
@Singleton
@WebServiceProvider(serviceName = "EcprService", portName = "EcprPort", targetNamespace = EcprEndpoint.NAMESPACE)
@ServiceMode(jakarta.xml.ws.Service.Mode.PAYLOAD)
public class EcprEndpoint implements Provider<Source>, SoapService {
    static final String NAMESPACE = "urn:opennsp:ecpr:1.0";
    private static final Schema SCHEMA = SoapPayloads.schema("wsdl/ecpr/opennsp-ecpr-1.0.xsd");
    private static final String CREATE = "CreatePersonRegistrationRequest";
    private static final String SEARCH = "SearchPersonRegistrationsRequest";

    private final PersonRegistrations registrations;

    public EcprEndpoint(PersonRegistrations registrations) {
        this.registrations = registrations;
    }

    @Override
    public String path() {
        return "ecpr";
    }

    @Override
    public String wsdlResource() {
        return "wsdl/ecpr/ecpr.wsdl";
    }

    @Override
    public Source invoke(Source payload) {
        DgwsCall call = DgwsContext.current();
        Element request = SoapPayloads.read(payload, SCHEMA, NAMESPACE, Set.of(CREATE, SEARCH), "OpenNSP eCPR 1.0");
        if (CREATE.equals(request.getLocalName())) {
            PersonRegistrations.Outcome outcome = registrations.register(call.caller(), draft(SoapPayloads.child(request, "Person")),
                    null, call.override());
            return SoapPayloads.response(NAMESPACE, "e", "CreatePersonRegistrationResponse", (doc, root) -> {
                SoapPayloads.add(root, "Created", outcome.created());
                registration(SoapPayloads.element(root, "PersonRegistration"), outcome.person());
            });
        }
        PersonRegistrations.Found found;
        Element ecpr = SoapPayloads.child(request, "PersonIdentifier");
        Element other = SoapPayloads.child(request, "OtherIdentifier");
        if (ecpr != null) {
            String value = ecpr.getTextContent().trim();
            String problem = Identifiers.personIdProblem("eCPR", value);
            if (problem != null) {
                throw new DgwsException(FaultCode.SYNTAX_ERROR, "PersonIdentifier: " + problem);
            }
            found = registrations.byIdentifier(call.caller(), Identifiers.ECPR_SYSTEM, value, call.override());
        } else if (other != null) {
            found = registrations.byIdentifier(call.caller(), other.getAttribute("system"), other.getTextContent().trim(), call.override());
        } else {
            found = registrations.byName(call.caller(), SoapPayloads.text(request, "FamilyName"), SoapPayloads.text(request, "GivenName"),
                    LocalDate.parse(SoapPayloads.text(request, "BirthDate")), call.override());
        }
        return SoapPayloads.response(NAMESPACE, "e", "SearchPersonRegistrationsResponse", (doc, root) -> {
            for (PersonRegistrations.Shown shown : found.persons()) {
                registration(SoapPayloads.element(root, "PersonRegistration"), shown);
            }
            SoapPayloads.add(root, "Withheld", found.withheld());
        });
    }

    private static EcprRegistry.Draft draft(Element person) {
        List<ExternalIdentifier> identifiers = new ArrayList<>();
        for (Node n = person.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "OtherIdentifier".equals(e.getLocalName())) {
                identifiers.add(new ExternalIdentifier(e.getAttribute("system"), e.getTextContent().trim()));
            }
        }
        // the schema has checked the shapes: a date, male or female
        return new EcprRegistry.Draft(LocalDate.parse(SoapPayloads.text(person, "BirthDate")),
                "male".equals(SoapPayloads.text(person, "Gender")) ? EcprNumbers.Gender.MALE : EcprNumbers.Gender.FEMALE,
                SoapPayloads.text(person, "GivenName"), SoapPayloads.text(person, "FamilyName"),
                SoapPayloads.text(person, "Address"), SoapPayloads.text(person, "Contact"), identifiers);
    }

    private static void registration(Element parent, PersonRegistrations.Shown shown) {
        Registration r = shown.registration();
        SoapPayloads.add(parent, "PersonIdentifier", r.ecpr()).setAttribute("source", "eCPR");
        Element person = SoapPayloads.element(parent, "Person");
        SoapPayloads.add(person, "GivenName", r.givenName());
        SoapPayloads.add(person, "FamilyName", r.familyName());
        SoapPayloads.add(person, "BirthDate", r.birthDate());
        SoapPayloads.add(person, "Gender", r.gender());
        if (r.address() != null) {
            SoapPayloads.add(person, "Address", r.address());
        }
        if (r.contact() != null) {
            SoapPayloads.add(person, "Contact", r.contact());
        }
        for (ExternalIdentifier id : shown.identifiers()) {
            SoapPayloads.add(person, "OtherIdentifier", id.value()).setAttribute("system", id.system());
        }
        if (r.linkedCpr() != null) {
            SoapPayloads.add(parent, "LinkedCivilRegistrationNumber", r.linkedCpr());
        }
        SoapPayloads.add(parent, "Version", r.version());
    }
}
