package dk.opennsp.services.sor;

import dk.opennsp.services.openapi.BearerApi;
import dk.opennsp.services.openapi.VersionedChange;
import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.sor.SorAdministrators;
import dk.opennsp.sor.SorChange;
import dk.opennsp.sor.SorExport;
import dk.opennsp.sor.SorOrganisation;
import dk.opennsp.sor.SorRefusal;
import dk.opennsp.sor.SorRegistry;
import dk.opennsp.sor.SorRules;
import dk.opennsp.sor.SorTree;
import dk.opennsp.sor.SorUnitDraft;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * SOR maintenance by region administrators (JWT {@code user_type=sor_admin} with {@code region_code}),
 * with optimistic concurrency: every change names the version it was based on in If-Match.
 * Also the readable change history and the NDJSON full/delta export.
 */
@BearerApi
@Controller("/api/sor")
@Tag(name = "SOR maintenance and export")
public class SorAdminController {
    public static final String NDJSON = "application/x-ndjson";

    private final SorRegistry registry;
    private final SorAdministrators administrators;
    private final SorTree tree;
    private final SorExport export;
    private final JsonMapper json;

    public SorAdminController(SorRegistry registry, SorAdministrators administrators, SorTree tree, SorExport export,
                              JsonMapper json) {
        this.registry = registry;
        this.administrators = administrators;
        this.tree = tree;
        this.export = export;
        this.json = json;
    }

    @Serdeable
    public record MoveRequest(@Nullable String parentSorCode) {
    }

    @Serdeable
    public record CloseRequest(@Nullable String toDate, @Nullable String replacedBySorCode) {
    }

    @Serdeable
    public record ChangeView(long version, String changeType, Instant changedAt, String changedBy, Map<String, Object> changes) {
    }

    @ApiResponse(responseCode = "201", description = "Created; the ETag header names version 1")
    @Post("/units")
    @Operation(summary = "Create a health institution or organisational unit under a parent of the admin's own region")
    public HttpResponse<SorUnitView> create(Caller caller, @Nullable @Body SorUnitDraft draft) {
        SorOrganisation created = registry.create(administrators.resolve(caller), required(draft));
        return withEtag(HttpResponse.created(view(created), URI.create("/api/sor/units/" + created.sorCode())), created);
    }

    @Get("/units/{code}")
    @Operation(summary = "One SOR entity with its version (ETag); with asOf=YYYY-MM-DD as the register knew it that day")
    public HttpResponse<SorUnitView> get(Caller caller, @PathVariable String code, @Nullable @QueryValue String asOf) {
        SorOrganisation o;
        if (asOf == null) {
            o = tree.find(code).orElseThrow(() -> ApiException.notFound("No SOR entity " + code));
        } else {
            LocalDate date = SorRules.date("asOf", asOf);
            o = registry.asOf(code, date).orElseThrow(() -> ApiException.notFound("No SOR entity " + code + " open on " + date));
        }
        return withEtag(HttpResponse.ok(view(o)), o);
    }

    @VersionedChange
    @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER, required = true,
            description = "The ETag of the version read, e.g. W/\"3\"; without it the change is refused with 428")
    @Put("/units/{code}")
    @Operation(summary = "Replace the editable fields of a unit (If-Match: the version read)")
    public HttpResponse<SorUnitView> update(Caller caller, @PathVariable String code,
                                            @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                            @Nullable @Body SorUnitDraft draft) {
        SorOrganisation updated = registry.update(administrators.resolve(caller), code, version(ifMatch), required(draft));
        return withEtag(HttpResponse.ok(view(updated)), updated);
    }

    @VersionedChange
    @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER, required = true,
            description = "The ETag of the version read, e.g. W/\"3\"; without it the change is refused with 428")
    @Post("/units/{code}/move")
    @Operation(summary = "Move a unit under another parent of the same region (If-Match)")
    public HttpResponse<SorUnitView> move(Caller caller, @PathVariable String code,
                                          @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                          @Nullable @Body MoveRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body with parentSorCode is required");
        }
        SorOrganisation moved = registry.move(administrators.resolve(caller), code, version(ifMatch), request.parentSorCode());
        return withEtag(HttpResponse.ok(view(moved)), moved);
    }

    @VersionedChange
    @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER, required = true,
            description = "The ETag of the version read, e.g. W/\"3\"; without it the change is refused with 428")
    @Post("/units/{code}/close")
    @Operation(summary = "Close a unit from toDate (default today); its sub-units must be closed by then (If-Match)")
    public HttpResponse<SorUnitView> close(Caller caller, @PathVariable String code,
                                           @Parameter(hidden = true) @Nullable @Header(HttpHeaders.IF_MATCH) String ifMatch,
                                           @Nullable @Body CloseRequest request) {
        CloseRequest r = request == null ? new CloseRequest(null, null) : request;
        SorOrganisation closed = registry.close(administrators.resolve(caller), code, version(ifMatch), r.toDate(),
                r.replacedBySorCode());
        return withEtag(HttpResponse.ok(view(closed)), closed);
    }

    @Get("/units/{code}/history")
    @Operation(summary = "Every change of the entity: version, who, when and which fields changed (from → to)")
    public List<ChangeView> history(Caller caller, @PathVariable String code) {
        return registry.history(code).stream().map(this::changeView).toList();
    }

    @Get("/refusals")
    @Operation(summary = "Refused attempts by other regions' administrators to change this admin's region")
    public List<SorRefusal> refusals(Caller caller) {
        return registry.refusals(administrators.resolve(caller));
    }

    @Get(value = "/export", produces = NDJSON)
    @Operation(summary = "Full export (or, with since, every entity changed at or after it) as NDJSON, oldest change first")
    public HttpResponse<String> export(Caller caller, @Nullable @QueryValue String since) {
        Instant from = java.util.Objects.requireNonNullElse(SorRules.instant("since", since), Instant.EPOCH);
        LocalDate today = registry.today();
        StringBuilder out = new StringBuilder();
        int count = 0;
        SorExport.Cursor cursor = SorExport.Cursor.START;
        while (cursor != null) {
            SorExport.Page page = export.page(from, cursor, SorExport.MAX_PAGE);
            for (SorOrganisation o : page.items()) {
                out.append(write(view(o, today))).append('\n');
                count++;
            }
            cursor = page.next();
        }
        return HttpResponse.ok(out.toString()).contentType(MediaType.of(NDJSON)).header("X-Total-Count", String.valueOf(count));
    }

    private SorUnitView view(SorOrganisation o) {
        return view(o, registry.today());
    }

    private SorUnitView view(SorOrganisation o, LocalDate today) {
        return SorUnitView.of(o, tree, today);
    }

    @SuppressWarnings("unchecked")
    private ChangeView changeView(SorChange c) {
        try {
            return new ChangeView(c.version(), c.changeType().name(), c.changedAt(), c.changedBy(),
                    json.readValue(c.changes(), Map.class));
        } catch (IOException e) {
            throw new IllegalStateException("SOR change record cannot be read", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("SOR entity cannot be serialised", e);
        }
    }

    private static SorUnitDraft required(SorUnitDraft draft) {
        if (draft == null) {
            throw ApiException.badRequest("A JSON body describing the unit is required");
        }
        return draft;
    }

    /** If-Match: "3" or W/"3"; absent means the service answers 428. */
    static Long version(String ifMatch) {
        return dk.opennsp.security.http.RequestValues.ifMatchVersion(ifMatch);
    }

    private static <T> MutableHttpResponse<T> withEtag(MutableHttpResponse<T> response, SorOrganisation o) {
        return response.header(HttpHeaders.ETAG, "W/\"" + o.version() + "\"");
    }
}
