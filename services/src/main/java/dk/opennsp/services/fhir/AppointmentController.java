package dk.opennsp.services.fhir;

import dk.opennsp.services.openapi.BearerApi;
import dk.opennsp.security.error.FhirFormat;
import dk.opennsp.services.appointments.AppointmentService;
import dk.opennsp.services.appointments.AppointmentRecord;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Appointment;

/** FHIR adapter of appointments: the routes are {@link PatientDataController}'s. */
@BearerApi
@Controller("/fhir/Appointment")
@Produces({FhirFormat.JSON_MEDIA_TYPE, FhirFormat.JSON_PLAIN, FhirFormat.JSON_LEGACY,
        FhirFormat.XML_MEDIA_TYPE, FhirFormat.XML_PLAIN, FhirFormat.XML_LEGACY, FhirFormat.XML_TEXT})
@Tag(name = "FHIR Appointment")
public class AppointmentController extends PatientDataController<AppointmentRecord, AppointmentRecord.Content, Appointment> {
    public AppointmentController(AppointmentService service, PatientDataFhir fhir) {
        super(service, fhir, Appointment.class, AppointmentMapper::toFhir, AppointmentMapper::fromFhir);
    }
}
