package dk.opennsp.services.soap;

import dk.opennsp.security.OrganisationIdType;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.dgws.DgwsException;
import dk.opennsp.security.dgws.FaultCode;
import dk.opennsp.soap.SoapPayloads;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.transform.Source;
import javax.xml.validation.Schema;
import java.util.Set;
import java.util.function.BiConsumer;

/** OpenNSP's citizen-data SOAP vocabulary ({@code urn:opennsp:patient:1.0}): appointments, diagnoses, consent checks. */
final class PatientXml {
    static final String NAMESPACE = "urn:opennsp:patient:1.0";
    static final Schema SCHEMA = SoapPayloads.schema("wsdl/patient/opennsp-patient-1.0.xsd");

    private PatientXml() {
    }

    static Element read(Source payload, Set<String> operations) {
        return SoapPayloads.read(payload, SCHEMA, NAMESPACE, operations, "OpenNSP patient 1.0");
    }

    static Source response(String rootName, BiConsumer<Document, Element> fill) {
        return SoapPayloads.response(NAMESPACE, "p", rootName, fill);
    }

    /**
     * The request's citizen; the schema has checked the shape, this checks the value fits its source (FMK calls
     * the national replacement number X-eCPR, MinLog2 and OpenNSP's own services eCPR: both are taken) and
     * that it names the HSUID citizen too.
     */
    static String citizen(Element request, String hsuidCitizen) {
        Element identifier = SoapPayloads.child(request, "PersonIdentifier");
        String cpr = identifier.getTextContent().trim();
        String source = "X-eCPR".equals(identifier.getAttribute("source")) ? "eCPR" : identifier.getAttribute("source");
        String problem = Identifiers.personIdProblem(source, cpr);
        if (problem != null) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "PersonIdentifier: " + problem);
        }
        if (hsuidCitizen != null && !hsuidCitizen.equals(cpr)) {
            throw new DgwsException(FaultCode.NOT_AUTHORIZED, "The HSUID header names another citizen than the request");
        }
        return cpr;
    }

    static void personIdentifier(Element parent, String cpr) {
        SoapPayloads.add(parent, "PersonIdentifier", cpr).setAttribute("source", Identifiers.personIdSource(cpr));
    }

    static void organisation(Element parent, String name, String idType, String id, String orgName) {
        Element org = SoapPayloads.element(parent, name);
        SoapPayloads.add(org, "Identifier", id).setAttribute("source", OrganisationIdType.of(idType).minLogSource());
        SoapPayloads.add(org, "Name", orgName);
    }
}
