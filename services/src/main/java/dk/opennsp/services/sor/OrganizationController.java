package dk.opennsp.services.sor;

import dk.opennsp.services.openapi.BearerApi;
import dk.opennsp.services.fhir.FhirBase;
import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.FhirFormat;
import dk.opennsp.security.error.FhirResponses;
import dk.opennsp.security.http.SearchParameters;
import dk.opennsp.sor.SorCode;
import dk.opennsp.sor.SorExport;
import dk.opennsp.sor.SorOrganisation;
import dk.opennsp.sor.SorRegistry;
import dk.opennsp.sor.SorRules;
import dk.opennsp.sor.SorTree;
import dk.opennsp.security.error.FhirOutput;
import dk.opennsp.services.fhir.SearchForms;
import dk.opennsp.services.fhir.SearchLinks;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Organization;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.Set;
import java.util.UUID;

/** FHIR adapter of SOR: read, search and history (delta sync, IHE mCSD style). Served from the in-memory tree. */
@BearerApi
@Controller("/fhir/Organization")
@Produces({FhirFormat.JSON_MEDIA_TYPE, FhirFormat.JSON_PLAIN, FhirFormat.JSON_LEGACY,
        FhirFormat.XML_MEDIA_TYPE, FhirFormat.XML_PLAIN, FhirFormat.XML_LEGACY, FhirFormat.XML_TEXT})
@Tag(name = "FHIR Organization (SOR)")
public class OrganizationController {
    static final int DEFAULT_COUNT = 50;
    static final int MAX_COUNT = 1000;

    private final SorTree tree;
    private final SorExport export;
    private final SorRegistry registry;
    private final FhirResponses responses;
    private final FhirBase base;

    public OrganizationController(SorTree tree, SorExport export, SorRegistry registry, FhirResponses responses,
                                  FhirBase base) {
        this.tree = tree;
        this.export = export;
        this.registry = registry;
        this.responses = responses;
        this.base = base;
    }

    @Get("/{id}")
    @Operation(summary = "One SOR entity by SOR code")
    public HttpResponse<String> read(HttpRequest<?> request, Caller caller, @PathVariable String id) {
        return read(request, id, null);
    }

    @Get("/{id}/_history/{vid}")
    @Operation(summary = "One version of a SOR entity (only the current version is kept)")
    public HttpResponse<String> vread(HttpRequest<?> request, Caller caller, @PathVariable String id, @PathVariable String vid) {
        return read(request, id, vid);
    }

    private HttpResponse<String> read(HttpRequest<?> request, String id, String version) {
        FhirOutput output = SearchParameters.readOutput(request);
        SorOrganisation o = tree.find(id).orElseThrow(() -> ApiException.notFound("No SOR entity " + id));
        if (version != null && !version.equals(String.valueOf(o.version()))) {
            throw ApiException.notFound("Version " + version + " of Organization/" + id
                    + " is not kept; the current version is " + o.version());
        }
        return responses.ok(output, OrganizationMapper.toFhir(o, tree, registry.today()))
                .header(HttpHeaders.ETAG, "W/\"" + o.version() + "\"");
    }

    @Get
    @Operation(summary = "Search SOR by identifier, name (contains, case-insensitive) and/or partof (direct sub-units)")
    @Parameter(name = "identifier", in = ParameterIn.QUERY, example = "urn:oid:1.2.208.176.1.1|100101000016004")
    @Parameter(name = "name", in = ParameterIn.QUERY, example = "Rigshospitalet")
    @Parameter(name = "partof", in = ParameterIn.QUERY, example = "Organization/100101000016004")
    @Parameter(name = "_count", in = ParameterIn.QUERY, description = "page size, default 50, at most 1000")
    @Parameter(name = "_offset", in = ParameterIn.QUERY)
    public HttpResponse<String> search(HttpRequest<?> request, Caller caller) {
        return search(request, request.getParameters());
    }

    @Post(value = "/_search", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "The same search with its parameters in a form body")
    public HttpResponse<String> searchByPost(HttpRequest<?> request, Caller caller, @Nullable @Body String form) {
        return search(request, SearchForms.merged(request.getParameters(), form));
    }

    private HttpResponse<String> search(HttpRequest<?> request, HttpParameters parameters) {
        String baseUrl = base.of(request);
        SearchParameters params = SearchParameters.of(parameters, Set.of("identifier", "name", "partof", "_count", "_offset"));
        FhirOutput output = params.output(request);
        int count = output.countOnly() ? 0 : SearchLinks.number(params, "_count", DEFAULT_COUNT, 0, MAX_COUNT);
        int offset = SearchLinks.number(params, "_offset", 0, 0, Integer.MAX_VALUE);
        String identifier = params.optional("identifier");
        String name = params.optional("name");
        String partOf = params.optional("partof");
        if (identifier == null && name == null && partOf == null) {
            throw ApiException.badRequest("Search by identifier, name or partof (use _history for a full export)");
        }
        if (name != null && name.isBlank()) {
            throw ApiException.badRequest("name must not be empty");
        }
        String parent = partOf == null ? null : partOfCode(partOf);
        String code = identifier == null ? null : SearchParameters.tokenValue("identifier", identifier, SorCode.SYSTEM);
        SorTree.Page page = tree.search(code, name, parent, offset, count);
        LocalDate today = registry.today();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().setLastUpdated(new Date());
        bundle.setTotal(page.total());
        for (SorOrganisation o : page.items()) {
            bundle.addEntry().setFullUrl(baseUrl + "/Organization/" + o.sorCode())
                    .setResource(OrganizationMapper.toFhir(o, tree, today))
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        SearchLinks.self(bundle, baseUrl + "/Organization", parameters);
        if (offset + page.items().size() < page.total() && count > 0) {
            SearchLinks.next(bundle, baseUrl + "/Organization", parameters, "_offset",
                    String.valueOf(offset + page.items().size()));
        }
        return responses.ok(output, bundle);
    }

    @Get("/_history")
    @Operation(summary = "Delta sync: every entity changed at or after _since (all entities without it), "
            + "oldest change first, paged with a next link")
    @Parameter(name = "_since", in = ParameterIn.QUERY, example = "2026-01-01T00:00:00Z")
    @Parameter(name = "_count", in = ParameterIn.QUERY, description = "page size, default 1000, at most 5000")
    @Parameter(name = "_cursor", in = ParameterIn.QUERY, description = "opaque; copy it from the next link")
    public HttpResponse<String> history(HttpRequest<?> request, Caller caller) {
        String baseUrl = base.of(request);
        HttpParameters parameters = request.getParameters();
        SearchParameters params = SearchParameters.of(parameters, Set.of("_since", "_count", "_cursor"));
        FhirOutput output = params.output(request);
        Instant since = java.util.Objects.requireNonNullElse(SorRules.instant("_since", params.optional("_since")), Instant.EPOCH);
        int count = SearchLinks.number(params, "_count", 1000, 1, SorExport.MAX_PAGE);
        String cursor = params.optional("_cursor");
        SorExport.Page page = export.page(since, cursor == null ? SorExport.Cursor.START : SorExport.Cursor.parse(cursor), count);
        LocalDate today = registry.today();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.HISTORY);
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().setLastUpdated(new Date());
        for (SorOrganisation o : page.items()) {
            Organization org = OrganizationMapper.toFhir(o, tree, today);
            Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(baseUrl + "/Organization/" + o.sorCode())
                    .setResource(org);
            entry.getRequest().setMethod(o.version() == 1 ? Bundle.HTTPVerb.POST : Bundle.HTTPVerb.PUT)
                    .setUrl(o.version() == 1 ? "Organization" : "Organization/" + o.sorCode());
            entry.getResponse().setStatus(o.version() == 1 ? "201 Created" : "200 OK")
                    .setEtag("W/\"" + o.version() + "\"").setLastModified(Date.from(o.lastModified()));
        }
        SearchLinks.self(bundle, baseUrl + "/Organization/_history", parameters);
        if (page.next() != null) {
            SearchLinks.next(bundle, baseUrl + "/Organization/_history", parameters, "_cursor", page.next().token());
        }
        return responses.ok(output, bundle);
    }

    private static String partOfCode(String value) {
        String code = value.startsWith("Organization/") ? value.substring("Organization/".length()) : value;
        if (!SorCode.isValid(code)) {
            throw ApiException.badRequest("partof must be Organization/{SOR code}: " + SorCode.problem(code));
        }
        return code;
    }
}
