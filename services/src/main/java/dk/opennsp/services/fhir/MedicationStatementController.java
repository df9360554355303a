package dk.opennsp.services.fhir;

import dk.opennsp.services.openapi.BearerApi;
import dk.opennsp.security.error.FhirFormat;
import dk.opennsp.services.fmk.MedicineCardService;
import dk.opennsp.services.fmk.MedicationRecord;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.MedicationStatement;

/** FHIR adapter of the medicine card (FMK): the routes are {@link PatientDataController}'s. */
@BearerApi
@Controller("/fhir/MedicationStatement")
@Produces({FhirFormat.JSON_MEDIA_TYPE, FhirFormat.JSON_PLAIN, FhirFormat.JSON_LEGACY,
        FhirFormat.XML_MEDIA_TYPE, FhirFormat.XML_PLAIN, FhirFormat.XML_LEGACY, FhirFormat.XML_TEXT})
@Tag(name = "FHIR MedicationStatement")
public class MedicationStatementController extends PatientDataController<MedicationRecord, MedicationRecord.Content, MedicationStatement> {
    public MedicationStatementController(MedicineCardService service, PatientDataFhir fhir) {
        super(service, fhir, MedicationStatement.class, MedicationStatementMapper::toFhir, MedicationStatementMapper::fromFhir);
    }
}
