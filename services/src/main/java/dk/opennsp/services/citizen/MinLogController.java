package dk.opennsp.services.citizen;

import dk.opennsp.security.access.PersonIdentities;
import dk.opennsp.services.openapi.BearerApi;
import dk.opennsp.minlog.MinLogEntry;
import dk.opennsp.minlog.MinLogQuery;
import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** MinLog: the citizen reads who looked at their data; a professional reads what assistants looked up for them. */
@BearerApi
@Controller("/api")
@Tag(name = "Citizen log (MinLog)")
public class MinLogController {
    private final MinLogQuery query;
    private final PersonIdentities identities;

    public MinLogController(MinLogQuery query, PersonIdentities identities) {
        this.query = query;
        this.identities = identities;
    }

    @Serdeable
    public record Organisation(@Nullable String name, @Nullable String sor) {
    }

    @Serdeable
    public record Who(@Nullable String name, @Nullable String role) {
    }

    /** A citizen's view of one entry: a protected professional shows as role and department only. */
    @Serdeable
    public record EntryView(Instant when, @Nullable Instant until, Who who, Organisation organisation, String system,
                            String activity, String addition, @Nullable String reason, @Nullable Who onBehalfOf,
                            boolean masked) {
        static EntryView of(MinLogQuery.Shown shown) {
            MinLogEntry e = shown.entry();
            String sor = "SOR".equals(e.organisationIdSource()) ? e.organisationId() : null;
            Who obo = e.onBehalfOfId() == null ? null : new Who(e.onBehalfOfName(), e.onBehalfOfRole());
            return new EntryView(e.occurredAt(), e.occurredTo(),
                    new Who(shown.masked() ? null : e.userName(), e.userRole()),
                    new Organisation(e.organisationName(), sor), e.systemName(), e.activity(), e.addition(), e.reason(),
                    obo, shown.masked());
        }
    }

    @Serdeable
    public record LogPage(String cpr, int page, int size, long total, int totalPages, List<EntryView> entries) {
    }

    /** One lookup an assistant made in the professional's name. */
    @Serdeable
    public record AssistantEntry(Instant when, String citizenCpr, Who assistant, Organisation organisation, String system,
                                 String activity, String addition) {
        static AssistantEntry of(MinLogQuery.Shown shown) {
            MinLogEntry e = shown.entry();
            return new AssistantEntry(e.occurredAt(), e.citizenCpr(), new Who(e.userName(), e.userRole()),
                    new Organisation(e.organisationName(), "SOR".equals(e.organisationIdSource()) ? e.organisationId() : null),
                    e.systemName(), e.activity(), e.addition());
        }
    }

    @Serdeable
    public record AssistantPage(int page, int size, long total, int totalPages, List<AssistantEntry> entries) {
    }

    @Get("/citizen/minlog")
    @Operation(summary = "The caller's own log entries (or of whom they act for), newest first, paged; optional "
            + "from/to (date or instant), system and organisation filters")
    public LogPage read(Caller caller, @Nullable @QueryValue String cpr, @Nullable @QueryValue String page,
                        @Nullable @QueryValue String size, @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                        @Nullable @QueryValue String system, @Nullable @QueryValue String organisation) {
        String citizen = CitizenAccess.subjectCpr(caller, cpr);
        int pageNumber = MinLogFilters.number("page", page, 0, 0, 100_000);
        int pageSize = MinLogFilters.number("size", size, 20, 1, MinLogQuery.MAX_PAGE_SIZE);
        MinLogQuery.Reader reader = citizen.equals(caller.cpr()) ? MinLogQuery.Reader.CITIZEN
                : "custody".equals(caller.onBehalfOf().relation()) ? MinLogQuery.Reader.CUSTODY_HOLDER : MinLogQuery.Reader.PROXY;
        MinLogQuery.Result result = query.forCitizen(identities.of(citizen), reader, MinLogFilters.filter(from, to, system, organisation),
                pageNumber, pageSize);
        return new LogPage(citizen, pageNumber, pageSize, result.total(), result.totalPages(),
                result.entries().stream().map(EntryView::of).toList());
    }

    @Get("/professional/assistant-log")
    @Operation(summary = "Medhjælpslog: what assistants looked up on the calling professional's behalf, newest first")
    public AssistantPage assistantLog(Caller caller, @Nullable @QueryValue String page, @Nullable @QueryValue String size,
                                      @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        if (!caller.is(Caller.UserType.PROFESSIONAL)) {
            throw ApiException.forbidden("The assistant log is for health professionals");
        }
        List<String> ids = java.util.stream.Stream.of(caller.authorizationCode(), caller.cpr())
                .filter(java.util.Objects::nonNull).toList();
        int pageNumber = MinLogFilters.number("page", page, 0, 0, 100_000);
        int pageSize = MinLogFilters.number("size", size, 20, 1, MinLogQuery.MAX_PAGE_SIZE);
        MinLogQuery.Result result = query.onBehalfOf(ids, MinLogFilters.filter(from, to, null, null), pageNumber, pageSize);
        return new AssistantPage(pageNumber, pageSize, result.total(), result.totalPages(),
                result.entries().stream().map(AssistantEntry::of).toList());
    }
}
