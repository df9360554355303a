package dk.opennsp.services.fhir;

import dk.opennsp.security.Caller;
import dk.opennsp.security.access.GuardedResult;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.FhirCodec;
import dk.opennsp.security.error.FhirFormat;
import dk.opennsp.security.error.FhirOutput;
import dk.opennsp.security.error.FhirResponses;
import dk.opennsp.security.http.ConsentOverrideHeaders;
import dk.opennsp.security.http.SearchParameters;
import dk.opennsp.services.patient.PatientDataService;
import dk.opennsp.services.patient.PatientRecord;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The FHIR face every kind of citizen data shares: search by patient (paged), read and vread by
 * resource id, all through the access guard; conditional update by {@code identifier} and update by
 * id for producers. Controllers only name their resource type and mapper.
 */
@Singleton
public class PatientDataFhir {
    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 1000;
    private static final int MAX_IDENTIFIER_PART = 200;
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Set<String> SEARCH_PARAMETERS;

    static {
        Set<String> names = new HashSet<>(SearchParameters.PATIENT);
        names.add("_count");
        names.add("_offset");
        SEARCH_PARAMETERS = Set.copyOf(names);
    }

    private final FhirCodec fhir;
    private final FhirResponses responses;
    private final FhirBase base;

    public PatientDataFhir(FhirCodec fhir, FhirResponses responses, FhirBase base) {
        this.fhir = fhir;
        this.responses = responses;
        this.base = base;
    }

    /** Reads a producer's resource into the content the domain stores; the business identifier comes from the URL. */
    @FunctionalInterface
    public interface Reader<T extends Resource, C> {
        C read(T resource, String identifierSystem, String identifierValue);
    }

    /** The search names which parameters it was given: the query string, or a POST {@code _search} form. */
    public <R extends PatientRecord<?>> HttpResponse<String> search(HttpRequest<?> request, HttpParameters parameters,
                                                                     Caller caller, PatientDataService<R, ?> service,
                                                                     String type, Function<R, Resource> toFhir) {
        SearchParameters params = SearchParameters.of(parameters, SEARCH_PARAMETERS);
        FhirOutput output = params.output(request);
        String cpr = params.patientCpr();
        int count = output.countOnly() ? 0 : SearchLinks.number(params, "_count", DEFAULT_COUNT, 0, MAX_COUNT);
        int offset = SearchLinks.number(params, "_offset", 0, 0, Integer.MAX_VALUE);
        GuardedResult<R> result = service.lookup(caller, cpr, ConsentOverrideHeaders.parse(request, caller));
        String baseUrl = base.of(request);
        Bundle bundle = SearchBundles.searchset(result, toFhir, baseUrl, offset, count);
        SearchLinks.self(bundle, baseUrl + "/" + type, parameters);
        if (count > 0 && (long) offset + count < result.items().size()) {
            SearchLinks.next(bundle, baseUrl + "/" + type, parameters, "_offset", String.valueOf(offset + count));
        }
        return responses.ok(output, bundle);
    }

    /**
     * Read ({@code version} null) or vread. Only the current version of an item is kept: an older one is a
     * 404 that says so. A blocked item is a 403 explaining the blocking, and, like a search, the access is logged.
     */
    public <R extends PatientRecord<?>> HttpResponse<String> read(HttpRequest<?> request, Caller caller,
                                                                   PatientDataService<R, ?> service, String type,
                                                                   String id, String version, Function<R, Resource> toFhir) {
        FhirOutput output = SearchParameters.readOutput(request);
        checkId(id);
        R found = service.find(id).orElseThrow(() -> unknown(type, id));
        if (version != null && !String.valueOf(found.version()).equals(version)) {
            // refused before the guard: no data leaves, so no access is logged
            throw ApiException.notFound("Version " + version + " of " + type + "/" + id
                    + " is not kept; the current version is " + found.version());
        }
        GuardedResult<R> result = service.read(caller, found, ConsentOverrideHeaders.parse(request, caller));
        if (result.items().isEmpty()) {
            throw new ApiException(HttpStatus.FORBIDDEN, IssueType.SUPPRESSED, SearchBundles.SUPPRESSED_ALL);
        }
        R item = result.items().get(0);
        return responses.ok(output, toFhir.apply(item)).header(HttpHeaders.ETAG, etag(item));
    }

    public <R extends PatientRecord<C>, C extends PatientRecord.Content, T extends Resource> HttpResponse<String> conditionalUpdate(
            HttpRequest<?> request, Caller caller, String body, PatientDataService<R, C> service, Class<T> type,
            Reader<T, C> reader, Function<R, Resource> toFhir) {
        SearchParameters params = SearchParameters.of(request.getParameters(), Set.of("identifier"));
        FhirOutput output = params.output(request);
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
        return store(request, output, caller, service, system, value, reader.read(parse(request, type, body), system, value), toFhir);
    }

    /** FHIR update by id: the item must exist (items are created by conditional update on their identifier). */
    public <R extends PatientRecord<C>, C extends PatientRecord.Content, T extends Resource> HttpResponse<String> update(
            HttpRequest<?> request, Caller caller, String id, String body, PatientDataService<R, C> service, Class<T> type,
            Reader<T, C> reader, Function<R, Resource> toFhir) {
        FhirOutput output = SearchParameters.readOutput(request);
        checkId(id);
        T resource = parse(request, type, body);
        if (!id.equals(resource.getIdElement().getIdPart())) {
            throw ApiException.badRequest("The resource's id must be the id in the URL (" + id + ")");
        }
        R current = service.find(id).orElseThrow(() -> ApiException.notFound("No " + type.getSimpleName() + " with id "
                + id + "; create one with a conditional update: PUT /fhir/" + type.getSimpleName() + "?identifier={system}|{value}"));
        String system = current.identifierSystem();
        String value = current.identifierValue();
        return store(request, output, caller, service, system, value, reader.read(resource, system, value), toFhir);
    }

    private <R extends PatientRecord<C>, C extends PatientRecord.Content> MutableHttpResponse<String> store(
            HttpRequest<?> request, FhirOutput output, Caller caller, PatientDataService<R, C> service,
            String system, String value, C content, Function<R, Resource> toFhir) {
        PatientDataService.Upsert<R> upsert = service.upsert(caller, system, value, content);
        R stored = upsert.record();
        Resource resource = toFhir.apply(stored);
        return responses.status(output, upsert.created() ? HttpStatus.CREATED : HttpStatus.OK, resource)
                .header(HttpHeaders.ETAG, etag(stored))
                .header(HttpHeaders.LOCATION, base.of(request) + "/" + resource.fhirType() + "/" + stored.resourceId()
                        + "/_history/" + stored.version());
    }

    /** A FHIR request body in the format its Content-Type names (JSON when it names none). */
    public <T extends Resource> T parse(HttpRequest<?> request, Class<T> type, String body) {
        FhirFormat format = request.getContentType().map(Object::toString).flatMap(FhirFormat::named).orElse(FhirFormat.JSON);
        return fhir.read(type, body, format);
    }

    private static void checkId(String id) {
        if (!FHIR_ID.matcher(id).matches()) {
            throw ApiException.badRequest("A resource id is 1 to 64 letters, digits, '-' or '.'");
        }
    }

    private static ApiException unknown(String type, String id) {
        return ApiException.notFound("No " + type + " with id " + id);
    }

    static String etag(PatientRecord<?> item) {
        return "W/\"" + item.version() + "\"";
    }
}
