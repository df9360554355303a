package dk.opennsp.services.fhir;

import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.FhirJson;
import dk.opennsp.security.error.FhirResponses;
import dk.opennsp.security.http.ConsentOverrideHeaders;
import dk.opennsp.security.http.SearchParameters;
import dk.opennsp.services.fmk.MedicationRecord;
import dk.opennsp.services.fmk.MedicineCardService;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.MedicationStatement;

import java.util.Set;

/** FHIR adapter of the medicine card: search by patient, conditional update by business identifier. */
@Controller("/fhir/MedicationStatement")
@Produces(FhirJson.MEDIA_TYPE)
@Tag(name = "FHIR MedicationStatement")
public class MedicationStatementController {
    private final MedicineCardService service;
    private final FhirJson fhir;
    private final FhirResponses responses;
    private final String baseUrl;

    public MedicationStatementController(MedicineCardService service, FhirJson fhir, FhirResponses responses,
                                         @Value("${opennsp.fhir.base-url:`http://localhost:8080/fhir`}") String baseUrl) {
        this.service = service;
        this.fhir = fhir;
        this.responses = responses;
        this.baseUrl = baseUrl;
    }

    @Get
    @Operation(summary = "A citizen's medicine card as a searchset Bundle (blockings applied, access logged)")
    @Parameter(name = "patient.identifier", in = ParameterIn.QUERY, required = true,
            example = "urn:oid:1.2.208.176.1.2|0101901111")
    @Parameter(name = ConsentOverrideHeaders.OVERRIDE, in = ParameterIn.HEADER, description = "consent | emergency")
    @Parameter(name = ConsentOverrideHeaders.REASON, in = ParameterIn.HEADER)
    public HttpResponse<String> search(HttpRequest<?> request, Caller caller) {
        String cpr = SearchParameters.of(request.getParameters(), Set.of("patient.identifier")).patientCpr();
        var result = service.lookup(caller, cpr, ConsentOverrideHeaders.parse(request));
        return responses.ok(SearchBundles.searchset(result, MedicationStatementMapper::toFhir, baseUrl));
    }

    @Put
    @Consumes({FhirJson.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Conditional update by identifier: create or update one MedicationStatement; retries are idempotent")
    @Parameter(name = "identifier", in = ParameterIn.QUERY, required = true, example = "urn:oid:1.2.208.176.1.5|ordination-1")
    public HttpResponse<String> conditionalUpdate(HttpRequest<?> request, Caller caller, @Nullable @Body String body) {
        SearchParameters params = SearchParameters.of(request.getParameters(), Set.of("identifier"));
        String token = params.required("identifier");
        int bar = token.indexOf('|');
        if (bar <= 0 || bar == token.length() - 1) {
            throw ApiException.badRequest("identifier must be {system}|{value}");
        }
        String system = token.substring(0, bar);
        String value = token.substring(bar + 1);
        if (system.length() > 200 || value.length() > 200) {
            throw ApiException.badRequest("identifier system and value are limited to 200 characters each");
        }
        MedicationStatement resource = fhir.read(MedicationStatement.class, body);
        MedicationRecord.Content content = MedicationStatementMapper.fromFhir(resource, system, value);
        MedicineCardService.Upsert upsert = service.upsert(caller, system, value, content);
        MedicationRecord stored = upsert.record();
        return responses.status(upsert.created() ? HttpStatus.CREATED : HttpStatus.OK, MedicationStatementMapper.toFhir(stored))
                .header(HttpHeaders.ETAG, "W/\"" + stored.version() + "\"")
                .header(HttpHeaders.LOCATION, baseUrl + "/MedicationStatement/" + stored.resourceId()
                        + "/_history/" + stored.version());
    }
}
