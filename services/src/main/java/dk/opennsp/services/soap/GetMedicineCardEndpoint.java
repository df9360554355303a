package dk.opennsp.services.soap;

import dk.opennsp.security.access.GuardedResult;
import dk.opennsp.security.dgws.DgwsCall;
import dk.opennsp.security.dgws.SecureXml;
import dk.opennsp.services.fmk.MedicationRecord;
import dk.opennsp.services.fmk.MedicineCardService;
import dk.opennsp.soap.DgwsContext;
import dk.opennsp.soap.SoapPayloads;
import dk.opennsp.soap.SoapService;
import jakarta.inject.Singleton;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.Source;
import java.util.Set;

/**
 * FMK GetMedicineCard over DGWS ({@code /soap/fmk}): a thin adapter around the same
 * {@link MedicineCardService#lookup} the FHIR MedicationStatement search uses, so the blocking
 * decision and the MinLog entry happen once, in the shared access path.
 */
@Singleton
@WebServiceProvider(serviceName = "MedicineCardService", portName = "MedicineCardPort",
        targetNamespace = FmkSchemas.NAMESPACE)
@ServiceMode(jakarta.xml.ws.Service.Mode.PAYLOAD)
public class GetMedicineCardEndpoint implements Provider<Source>, SoapService {
    private final MedicineCardService medicineCards;
    private final FmkSchemas schemas;

    public GetMedicineCardEndpoint(MedicineCardService medicineCards, FmkSchemas schemas) {
        this.medicineCards = medicineCards;
        this.schemas = schemas;
    }

    @Override
    public String path() {
        return "fmk";
    }

    @Override
    public String wsdlResource() {
        return "wsdl/fmk/fmk-getmedicinecard.wsdl";
    }

    @Override
    public Source invoke(Source payload) {
        DgwsCall call = DgwsContext.current();
        Element request = validRequest(payload);
        String cpr = PatientXml.citizen(request, call.hsuidCitizenCpr());
        GuardedResult<MedicationRecord> result = medicineCards.lookup(call.caller(), cpr, call.override());
        PatientDataEndpoint.announceWithheld(result);
        Document document = SecureXml.newDocument();
        document.appendChild(MedicineCardXml.response(document, cpr, result.items()));
        return new DOMSource(document);
    }

    private Element validRequest(Source payload) {
        return SoapPayloads.read(payload, schemas.schema(), FmkSchemas.NAMESPACE, Set.of("GetMedicineCardRequest"), "FMK 1.4.6");
    }
}
