package dk.opennsp.services.soap;

import dk.opennsp.minspaerring.ConsentChecks;
import dk.opennsp.security.dgws.DgwsCall;
import dk.opennsp.security.dgws.DgwsException;
import dk.opennsp.security.dgws.FaultCode;
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
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * MinSpærring consent checks over DGWS ({@code /soap/consent}): ConsentForUserCheck and
 * ConsentForDataCheck. Asked by other systems (a level-3 system card is enough); no citizen data
 * leaves, so nothing is logged to MinLog.
 */
@Singleton
@WebServiceProvider(serviceName = "ConsentService", portName = "ConsentPort", targetNamespace = PatientXml.NAMESPACE)
@ServiceMode(jakarta.xml.ws.Service.Mode.PAYLOAD)
public class ConsentEndpoint implements Provider<Source>, SoapService {
    private final ConsentChecks checks;

    public ConsentEndpoint(ConsentChecks checks) {
        this.checks = checks;
    }

    @Override
    public String path() {
        return "consent";
    }

    @Override
    public String wsdlResource() {
        return "wsdl/patient/consent.wsdl";
    }

    @Override
    public Source invoke(Source payload) {
        DgwsCall call = DgwsContext.current();
        Element request = PatientXml.read(payload, Set.of("ConsentForUserCheckRequest", "ConsentForDataCheckRequest"));
        String cpr = PatientXml.citizen(request, call.hsuidCitizenCpr());
        Element userElement = SoapPayloads.child(request, "User");
        ConsentChecks.User user = new ConsentChecks.User(SoapPayloads.text(userElement, "AuthorisationIdentifier"),
                SoapPayloads.text(userElement, "CivilRegistrationNumber"), SoapPayloads.text(userElement, "OrganisationSorIdentifier"));
        if ("ConsentForUserCheckRequest".equals(request.getLocalName())) {
            ConsentChecks.UserAnswer answer = checks.forUser(call.caller(), cpr, user);
            return PatientXml.response("ConsentForUserCheckResponse", (doc, root) -> {
                PatientXml.personIdentifier(root, cpr);
                SoapPayloads.add(root, "Consent", answer.consent());
                SoapPayloads.add(root, "DataSpecificBlockings", answer.dataSpecificBlockings());
            });
        }
        ConsentChecks.DataAnswer answer = checks.forData(call.caller(), cpr, user, items(request));
        return PatientXml.response("ConsentForDataCheckResponse", (doc, root) -> {
            PatientXml.personIdentifier(root, cpr);
            SoapPayloads.add(root, "Consent", answer.consent());
            for (ConsentChecks.ItemAnswer item : answer.items()) {
                Element e = SoapPayloads.element(root, "DataItem");
                SoapPayloads.add(e, "Identifier", item.id());
                SoapPayloads.add(e, "Allowed", item.allowed());
            }
        });
    }

    private static List<ConsentChecks.Item> items(Element request) {
        List<ConsentChecks.Item> items = new ArrayList<>();
        for (Node n = request.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "DataItem".equals(e.getLocalName())) {
                String created = SoapPayloads.text(e, "Created");
                try {
                    items.add(new ConsentChecks.Item(SoapPayloads.text(e, "Identifier"),
                            SoapPayloads.text(e, "OrganisationSorIdentifier"), OffsetDateTime.parse(created).toInstant()));
                } catch (DateTimeParseException ex) {
                    throw new DgwsException(FaultCode.SYNTAX_ERROR, "DataItem Created must be a dateTime with a zone offset");
                }
            }
        }
        return items;
    }
}
