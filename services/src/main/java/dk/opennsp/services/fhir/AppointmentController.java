package dk.opennsp.services.fhir;

import dk.opennsp.security.Caller;
import dk.opennsp.security.error.FhirJson;
import dk.opennsp.security.http.ConsentOverrideHeaders;
import dk.opennsp.services.appointments.AppointmentService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Appointment;

/** FHIR adapter of appointments: search by patient, conditional update by business identifier. */
@Controller("/fhir/Appointment")
@Produces(FhirJson.MEDIA_TYPE)
@Tag(name = "FHIR Appointment")
public class AppointmentController {
    private final AppointmentService service;
    private final PatientDataFhir fhir;

    public AppointmentController(AppointmentService service, PatientDataFhir fhir) {
        this.service = service;
        this.fhir = fhir;
    }

    @Get
    @Operation(summary = "A citizen's appointments as a searchset Bundle (blockings applied, access logged)")
    @Parameter(name = "patient.identifier", in = ParameterIn.QUERY, required = true,
            example = "urn:oid:1.2.208.176.1.2|0101901111")
    @Parameter(name = ConsentOverrideHeaders.OVERRIDE, in = ParameterIn.HEADER, description = "consent | emergency")
    @Parameter(name = ConsentOverrideHeaders.REASON, in = ParameterIn.HEADER)
    public HttpResponse<String> search(HttpRequest<?> request, Caller caller) {
        return fhir.search(request, caller, service, AppointmentMapper::toFhir);
    }

    @Put
    @Consumes({FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Conditional update by identifier: create or update one Appointment; retries are idempotent")
    @Parameter(name = "identifier", in = ParameterIn.QUERY, required = true, example = "urn:oid:1.2.208.176.1.5|booking-1")
    public HttpResponse<String> conditionalUpdate(HttpRequest<?> request, Caller caller, @Nullable @Body String body) {
        return fhir.conditionalUpdate(request, caller, body, service, Appointment.class,
                AppointmentMapper::fromFhir, AppointmentMapper::toFhir);
    }
}
