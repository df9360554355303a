package dk.opennsp.services.fhir;

import dk.opennsp.security.Caller;
import dk.opennsp.security.error.FhirFormat;
import dk.opennsp.security.http.ConsentOverrideHeaders;
import dk.opennsp.services.patient.PatientDataService;
import dk.opennsp.services.patient.PatientRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import org.hl7.fhir.r4.model.Resource;

import java.util.function.Function;

/**
 * The FHIR routes of one kind of citizen data: search (GET and POST {@code _search}), read, vread,
 * conditional update by identifier and update by id. A subclass names the path, service and mapper.
 */
public abstract class PatientDataController<R extends PatientRecord<C>, C extends PatientRecord.Content, T extends Resource> {
    private final PatientDataService<R, C> service;
    private final PatientDataFhir fhir;
    private final Class<T> type;
    private final Function<R, Resource> toFhir;
    private final PatientDataFhir.Reader<T, C> reader;

    protected PatientDataController(PatientDataService<R, C> service, PatientDataFhir fhir, Class<T> type,
                                    Function<R, Resource> toFhir, PatientDataFhir.Reader<T, C> reader) {
        this.service = service;
        this.fhir = fhir;
        this.type = type;
        this.toFhir = toFhir;
        this.reader = reader;
    }

    @Get
    @Operation(summary = "The citizen's items as a searchset Bundle, paged (blockings applied, access logged)")
    @Parameter(name = "patient.identifier", in = ParameterIn.QUERY, required = true,
            example = "urn:oid:1.2.208.176.1.2|0101901111")
    @Parameter(name = "_count", in = ParameterIn.QUERY, description = "page size, default 100, at most 1000")
    @Parameter(name = "_offset", in = ParameterIn.QUERY, description = "copy it from the next link")
    @Parameter(name = ConsentOverrideHeaders.OVERRIDE, in = ParameterIn.HEADER, description = "consent | emergency")
    @Parameter(name = ConsentOverrideHeaders.REASON, in = ParameterIn.HEADER)
    public HttpResponse<String> search(HttpRequest<?> request, Caller caller) {
        return fhir.search(request, request.getParameters(), caller, service, type.getSimpleName(), toFhir);
    }

    @Post(value = "/_search", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "The same search with its parameters in a form body (keeps the CPR number out of URLs and logs)")
    public HttpResponse<String> searchByPost(HttpRequest<?> request, Caller caller, @Nullable @Body String form) {
        return fhir.search(request, SearchForms.merged(request.getParameters(), form), caller, service, type.getSimpleName(), toFhir);
    }

    @Get("/{id}")
    @Operation(summary = "Read one item by id (blockings applied, access logged)")
    public HttpResponse<String> read(HttpRequest<?> request, Caller caller, @PathVariable String id) {
        return fhir.read(request, caller, service, type.getSimpleName(), id, null, toFhir);
    }

    @Get("/{id}/_history/{vid}")
    @Operation(summary = "Read one version of an item (only the current version is kept)")
    public HttpResponse<String> vread(HttpRequest<?> request, Caller caller, @PathVariable String id, @PathVariable String vid) {
        return fhir.read(request, caller, service, type.getSimpleName(), id, vid, toFhir);
    }

    @ApiResponse(responseCode = "201", description = "Created (the identifier was new)")
    @ApiResponse(responseCode = "200", description = "Updated, or an idempotent retry")
    @ApiResponse(responseCode = "422", description = "The identifier belongs to another patient's data")
    @Put
    @Consumes({FhirFormat.JSON_MEDIA_TYPE, FhirFormat.JSON_PLAIN, FhirFormat.JSON_LEGACY,
            FhirFormat.XML_MEDIA_TYPE, FhirFormat.XML_PLAIN, FhirFormat.XML_LEGACY, FhirFormat.XML_TEXT})
    @Operation(summary = "Conditional update by identifier: create or update one item; retries are idempotent")
    @Parameter(name = "identifier", in = ParameterIn.QUERY, required = true, example = "urn:oid:1.2.208.176.1.5|item-1")
    public HttpResponse<String> conditionalUpdate(HttpRequest<?> request, Caller caller, @Nullable @Body String body) {
        return fhir.conditionalUpdate(request, caller, body, service, type, reader, toFhir);
    }

    @Put("/{id}")
    @Consumes({FhirFormat.JSON_MEDIA_TYPE, FhirFormat.JSON_PLAIN, FhirFormat.JSON_LEGACY,
            FhirFormat.XML_MEDIA_TYPE, FhirFormat.XML_PLAIN, FhirFormat.XML_LEGACY, FhirFormat.XML_TEXT})
    @Operation(summary = "Update an existing item by id (create it with a conditional update)")
    public HttpResponse<String> update(HttpRequest<?> request, Caller caller, @PathVariable String id, @Nullable @Body String body) {
        return fhir.update(request, caller, id, body, service, type, reader, toFhir);
    }
}
