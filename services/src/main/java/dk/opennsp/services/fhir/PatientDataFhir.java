package dk.opennsp.services.fhir;

import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.FhirJson;
import dk.opennsp.security.error.FhirResponses;
import dk.opennsp.security.http.ConsentOverrideHeaders;
import dk.opennsp.security.http.SearchParameters;
import dk.opennsp.services.patient.PatientDataService;
import dk.opennsp.services.patient.PatientRecord;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Resource;

import java.util.Set;
import java.util.function.Function;

/**
 * The FHIR face every kind of citizen data shares: search by {@code patient.identifier} through the
 * access guard, and conditional update by {@code identifier} for producers. Controllers only name
 * their resource type and mapper.
 */
@Singleton
public class PatientDataFhir {
    private static final int MAX_IDENTIFIER_PART = 200;

    private final FhirJson fhir;
    private final FhirResponses responses;
    private final FhirBase base;

    public PatientDataFhir(FhirJson fhir, FhirResponses responses, FhirBase base) {
        this.fhir = fhir;
        this.responses = responses;
        this.base = base;
    }

    /** Reads a producer's resource into the content the domain stores; the business identifier comes from the URL. */
    @FunctionalInterface
    public interface Reader<T extends Resource, C> {
        C read(T resource, String identifierSystem, String identifierValue);
    }

    public <R extends PatientRecord<?>> HttpResponse<String> search(HttpRequest<?> request, Caller caller,
                                                                     PatientDataService<R, ?> service,
                                                                     Function<R, Resource> toFhir) {
        String cpr = SearchParameters.of(request.getParameters(), Set.of("patient.identifier")).patientCpr();
        var result = service.lookup(caller, cpr, ConsentOverrideHeaders.parse(request, caller));
        return responses.ok(SearchBundles.searchset(result, toFhir, base.of(request)));
    }

    public <R extends PatientRecord<C>, C extends PatientRecord.Content, T extends Resource> HttpResponse<String> conditionalUpdate(
            HttpRequest<?> request, Caller caller, String body, PatientDataService<R, C> service, Class<T> type,
            Reader<T, C> reader, Function<R, Resource> toFhir) {
        SearchParameters params = SearchParameters.of(request.getParameters(), Set.of("identifier"));
        String token = params.required("identifier");
        int bar = token.indexOf('|');
        if (bar <= 0 || bar == token.length() - 1) {
            throw ApiException.badRequest("identifier must be {system}|{value}");
        }
        String system = token.substring(0, bar);
        String value = token.substring(bar + 1);
        if (system.length() > MAX_IDENTIFIER_PART || value.length() > MAX_IDENTIFIER_PART) {
            throw ApiException.badRequest("identifier system and value are limited to 200 characters each");
        }
        C content = reader.read(fhir.read(type, body), system, value);
        PatientDataService.Upsert<R> upsert = service.upsert(caller, system, value, content);
        R stored = upsert.record();
        Resource resource = toFhir.apply(stored);
        return responses.status(upsert.created() ? HttpStatus.CREATED : HttpStatus.OK, resource)
                .header(HttpHeaders.ETAG, "W/\"" + stored.version() + "\"")
                .header(HttpHeaders.LOCATION, base.of(request) + "/" + resource.fhirType() + "/" + stored.resourceId()
                        + "/_history/" + stored.version());
    }
}
