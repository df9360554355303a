package dk.opennsp.services.soap;

import dk.opennsp.security.access.GuardedResult;
import dk.opennsp.security.dgws.DgwsCall;
import dk.opennsp.services.patient.PatientDataService;
import dk.opennsp.services.patient.PatientRecord;
import dk.opennsp.soap.DgwsContext;
import dk.opennsp.soap.SoapPayloads;
import dk.opennsp.soap.SoapService;
import jakarta.xml.ws.Provider;
import org.w3c.dom.Element;

import javax.xml.transform.Source;
import java.util.Set;

/**
 * The DGWS face every kind of citizen data in {@code urn:opennsp:patient:1.0} shares: one Get…Request
 * naming the citizen, answered through the same {@link PatientDataService#lookup} the FHIR search uses.
 * Withheld data is said twice: {@code DataWithheld} in the body and the AccessNotice header.
 */
abstract class PatientDataEndpoint<R extends PatientRecord<?>> implements Provider<Source>, SoapService {
    private final PatientDataService<R, ?> service;
    private final String path;
    private final String operation;
    private final String itemName;

    /** Published at {@code /soap/{path}} with the WSDL {@code wsdl/patient/{path}.wsdl}. */
    PatientDataEndpoint(PatientDataService<R, ?> service, String path, String operation, String itemName) {
        this.service = service;
        this.path = path;
        this.operation = operation;
        this.itemName = itemName;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String wsdlResource() {
        return "wsdl/patient/" + path + ".wsdl";
    }

    /** Writes one item's children in schema order. */
    abstract void write(Element item, R record);

    @Override
    public Source invoke(Source payload) {
        DgwsCall call = DgwsContext.current();
        Element request = PatientXml.read(payload, Set.of(operation + "Request"));
        String cpr = PatientXml.citizen(request, call.hsuidCitizenCpr());
        GuardedResult<R> result = service.lookup(call.caller(), cpr, call.override());
        return PatientXml.response(operation + "Response", (doc, root) -> {
            PatientXml.personIdentifier(root, cpr);
            String notice = announceWithheld(result);
            if (notice != null) {
                Element withheld = SoapPayloads.add(root, "DataWithheld", notice);
                withheld.setAttribute("reason", result.nothingShown() ? "suppressed" : "filtered");
                if (!result.nothingShown()) {
                    withheld.setAttribute("count", Integer.toString(result.withheld()));
                }
            }
            for (R record : result.items()) {
                write(SoapPayloads.element(root, itemName), record);
            }
        });
    }

    /**
     * Tells the DGWS caller (AccessNotice header) that blockings withheld data, the same way for every
     * service; returns the text, or null when nothing was withheld.
     */
    static String announceWithheld(GuardedResult<?> result) {
        if (result.nothingShown()) {
            String text = "The citizen has blocked access to this data: nothing is returned";
            DgwsContext.notice("suppressed", text);
            return text;
        }
        if (result.withheld() > 0) {
            String text = result.withheld() + " item(s) were withheld because of the citizen's blockings";
            DgwsContext.notice("withheld", text);
            return text;
        }
        return null;
    }

    static void identifier(Element item, String system, String value) {
        SoapPayloads.add(item, "Identifier", value).setAttribute("system", system);
    }
}
