package dk.opennsp.services.fhir;

import dk.opennsp.services.openapi.BearerApi;
import dk.opennsp.security.error.FhirFormat;
import dk.opennsp.services.diagnoses.DiagnosisService;
import dk.opennsp.services.diagnoses.DiagnosisRecord;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Condition;

/** FHIR adapter of the diagnosis card: the routes are {@link PatientDataController}'s. */
@BearerApi
@Controller("/fhir/Condition")
@Produces({FhirFormat.JSON_MEDIA_TYPE, FhirFormat.JSON_PLAIN, FhirFormat.JSON_LEGACY,
        FhirFormat.XML_MEDIA_TYPE, FhirFormat.XML_PLAIN, FhirFormat.XML_LEGACY, FhirFormat.XML_TEXT})
@Tag(name = "FHIR Condition")
public class ConditionController extends PatientDataController<DiagnosisRecord, DiagnosisRecord.Content, Condition> {
    public ConditionController(DiagnosisService service, PatientDataFhir fhir) {
        super(service, fhir, Condition.class, ConditionMapper::toFhir, ConditionMapper::fromFhir);
    }
}
