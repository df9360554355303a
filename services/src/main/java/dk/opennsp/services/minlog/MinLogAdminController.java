package dk.opennsp.services.minlog;

import dk.opennsp.services.openapi.BearerApi;
import dk.opennsp.minlog.MinLogEntry;
import dk.opennsp.minlog.MinLogQuery;
import dk.opennsp.minlog.ProtectedStaff;
import dk.opennsp.minlog.ProtectedStaffRepository;
import dk.opennsp.security.Caller;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.access.PlatformAudit;
import dk.opennsp.security.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * MinLog administration ({@code user_type=minlog_admin}): mark professionals as protected (masked in
 * citizens' views) and, as auditor, read a citizen's entries as stored. Every use is in the platform audit.
 */
@BearerApi
@Controller("/api/minlog")
@Tag(name = "MinLog administration")
public class MinLogAdminController {
    private final ProtectedStaffRepository protectedStaff;
    private final MinLogQuery query;
    private final PlatformAudit audit;
    private final Clock clock;

    private final dk.opennsp.security.access.PersonIdentities identities;

    public MinLogAdminController(ProtectedStaffRepository protectedStaff, MinLogQuery query, PlatformAudit audit, Clock clock,
                                 dk.opennsp.security.access.PersonIdentities identities) {
        this.identities = identities;
        this.protectedStaff = protectedStaff;
        this.query = query;
        this.audit = audit;
        this.clock = clock;
    }

    @Serdeable
    public record Marking(@Nullable String authorizationCode, @Nullable String cpr, @Nullable String organisationId,
                          @Nullable String note) {
    }

    @Serdeable
    public record MarkingView(long id, @Nullable String authorizationCode, @Nullable String cpr,
                              @Nullable String organisationId, @Nullable String note, Instant createdAt, String createdBy,
                              @Nullable Instant endedAt, @Nullable String endedBy) {
        static MarkingView of(ProtectedStaff p) {
            return new MarkingView(p.id(), p.authorizationCode(), p.cpr(), p.organisationId(), p.note(), p.createdAt(),
                    p.createdBy(), p.endedAt(), p.endedBy());
        }
    }

    /** An entry exactly as stored, every MinLog2 field. */
    @Serdeable
    public record AuditEntry(long id, Instant occurredAt, @Nullable Instant occurredTo, String systemName, String activity,
                             @Nullable String reason, String addition, String criticality, @Nullable String organisationId,
                             @Nullable String organisationIdSource, @Nullable String organisationName,
                             @Nullable String userId, @Nullable String userIdSource, @Nullable String userName,
                             @Nullable String userRole, @Nullable String onBehalfOfId, @Nullable String onBehalfOfIdSource,
                             @Nullable String onBehalfOfName, String correlationId, @Nullable String sequenceNumber,
                             String registeredBy) {
        static AuditEntry of(MinLogEntry e) {
            return new AuditEntry(e.id(), e.occurredAt(), e.occurredTo(), e.systemName(), e.activity(), e.reason(),
                    e.addition(), e.criticality(), e.organisationId(), e.organisationIdSource(), e.organisationName(),
                    e.userId(), e.userIdSource(), e.userName(), e.userRole(), e.onBehalfOfId(), e.onBehalfOfIdSource(),
                    e.onBehalfOfName(), e.correlationId(), e.sequenceNumber(), e.registeredBy());
        }
    }

    @Serdeable
    public record AuditPage(String cpr, long total, int totalPages, List<AuditEntry> entries) {
    }

    @Post("/protected-staff")
    @Operation(summary = "Mark a professional (authorization code and/or CPR) as protected, in one department "
            + "(organisationId) or everywhere")
    public HttpResponse<MarkingView> mark(Caller caller, @Nullable @Body Marking m) {
        String admin = admin(caller);
        if (m == null || (m.authorizationCode() == null && m.cpr() == null)) {
            throw ApiException.badRequest("authorizationCode or cpr is required");
        }
        if (m.authorizationCode() != null && !Identifiers.isAuthorizationCode(m.authorizationCode())) {
            throw ApiException.badRequest("authorizationCode must be 5 letters or digits");
        }
        if (m.cpr() != null && !Identifiers.isCpr(m.cpr())) {
            throw ApiException.badRequest("cpr must be 10 digits");
        }
        if (m.organisationId() != null && m.organisationId().length() > 200 || m.note() != null && m.note().length() > 500) {
            throw ApiException.badRequest("organisationId is at most 200 characters, note at most 500");
        }
        ProtectedStaff saved = protectedStaff.save(new ProtectedStaff(null, m.authorizationCode(), m.cpr(),
                m.organisationId(), m.note(), clock.instant(), admin, null, null));
        audit.event(caller, "protected-staff-marked", "marking " + saved.id());
        return HttpResponse.created(MarkingView.of(saved), URI.create("/api/minlog/protected-staff/" + saved.id()));
    }

    @Get("/protected-staff")
    @Operation(summary = "The current markings")
    public List<MarkingView> list(Caller caller) {
        admin(caller);
        return protectedStaff.findByEndedAtIsNullOrderByIdAsc().stream().map(MarkingView::of).toList();
    }

    @Delete("/protected-staff/{id}")
    @Operation(summary = "End a marking (the person's name shows again)")
    public MarkingView end(Caller caller, @PathVariable String id) {
        String admin = admin(caller);
        ProtectedStaff m = protectedStaff.findById(parse(id)).filter(p -> p.endedAt() == null)
                .orElseThrow(() -> ApiException.notFound("No current marking " + id));
        audit.event(caller, "protected-staff-ended", "marking " + m.id());
        return MarkingView.of(protectedStaff.update(new ProtectedStaff(m.id(), m.authorizationCode(), m.cpr(),
                m.organisationId(), m.note(), m.createdAt(), m.createdBy(), clock.instant(), admin)));
    }

    @Get("/audit")
    @Operation(summary = "Auditor: a citizen's entries exactly as stored (unmasked), newest first")
    public AuditPage auditLog(Caller caller, @QueryValue String cpr, @Nullable @QueryValue String page,
                              @Nullable @QueryValue String size, @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        admin(caller);
        if (!Identifiers.isPersonId(cpr)) {
            throw ApiException.badRequest("cpr must be a 10-digit CPR number or a national eCPR");
        }
        audit.event(caller, "minlog-audit-read", "citizen log read unmasked");
        MinLogQuery.Result r = query.forAuditor(identities.of(cpr), dk.opennsp.services.citizen.MinLogFilters.filter(from, to, null, null),
                dk.opennsp.services.citizen.MinLogFilters.number("page", page, 0, 0, 100_000),
                dk.opennsp.services.citizen.MinLogFilters.number("size", size, 20, 1, MinLogQuery.MAX_PAGE_SIZE));
        return new AuditPage(cpr, r.total(), r.totalPages(), r.entries().stream().map(sh -> AuditEntry.of(sh.entry())).toList());
    }

    private static String admin(Caller caller) {
        if (!caller.is(Caller.UserType.MINLOG_ADMIN)) {
            throw ApiException.forbidden("This endpoint is for MinLog administrators");
        }
        return "minlog_admin:" + caller.subject();
    }

    private static long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("No current marking " + id);
        }
    }
}
