package dk.opennsp.services.soap;

import dk.opennsp.services.diagnoses.DiagnosisRecord;
import dk.opennsp.services.diagnoses.DiagnosisService;
import jakarta.inject.Singleton;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import org.w3c.dom.Element;

import static dk.opennsp.soap.SoapPayloads.add;

/** GetDiagnoses (the diagnosis card) over DGWS ({@code /soap/diagnoses}). */
@Singleton
@WebServiceProvider(serviceName = "DiagnosesService", portName = "DiagnosesPort", targetNamespace = PatientXml.NAMESPACE)
@ServiceMode(jakarta.xml.ws.Service.Mode.PAYLOAD)
public class DiagnosesEndpoint extends PatientDataEndpoint<DiagnosisRecord> {

    public DiagnosesEndpoint(DiagnosisService service) {
        super(service, "diagnoses", "GetDiagnoses", "Diagnosis");
    }

    @Override
    void write(Element e, DiagnosisRecord d) {
        identifier(e, d.identifierSystem(), d.identifierValue());
        add(e, "Code", d.code()).setAttribute("system", d.codeSystem());
        add(e, "Text", d.codeDisplay());
        add(e, "Category", d.category());
        add(e, "ClinicalStatus", d.clinicalStatus());
        add(e, "OnsetDate", d.onsetDate());
        add(e, "AbatementDate", d.abatementDate());
        add(e, "Recorded", d.dataCreatedAt());
        add(e, "Note", d.note());
        PatientXml.organisation(e, "SourceOrganisation", d.sourceOrgIdType(), d.sourceOrgId(), d.sourceOrgName());
    }
}
