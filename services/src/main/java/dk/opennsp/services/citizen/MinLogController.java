package dk.opennsp.services.citizen;

import dk.opennsp.minlog.MinLogEntry;
import dk.opennsp.minlog.MinLogQuery;
import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Page;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** MinLog: the citizen reads who looked at their data. */
@Controller("/api/citizen/minlog")
@Tag(name = "Citizen log (MinLog)")
public class MinLogController {
    private final MinLogQuery query;

    public MinLogController(MinLogQuery query) {
        this.query = query;
    }

    @Serdeable
    public record Organisation(@Nullable String name, @Nullable String sor) {
    }

    @Serdeable
    public record Who(@Nullable String name, @Nullable String role) {
    }

    @Serdeable
    public record EntryView(Instant when, Who who, Organisation organisation, String system, String activity,
                            String addition, @Nullable String reason) {
        static EntryView of(MinLogEntry e) {
            String sor = "SOR".equals(e.organisationIdSource()) ? e.organisationId() : null;
            return new EntryView(e.occurredAt(), new Who(e.userName(), e.userRole()),
                    new Organisation(e.organisationName(), sor), e.systemName(), e.activity(), e.addition(), e.reason());
        }
    }

    @Serdeable
    public record LogPage(String cpr, int page, int size, long total, int totalPages, List<EntryView> entries) {
    }

    @Get
    @Operation(summary = "The caller's own log entries (or of whom they act for), newest first, paged")
    public LogPage read(Caller caller, @Nullable @QueryValue String cpr, @Nullable @QueryValue String page,
                        @Nullable @QueryValue String size) {
        String citizen = CitizenAccess.subjectCpr(caller, cpr);
        int pageNumber = number("page", page, 0, 0, 100_000);
        int pageSize = number("size", size, 20, 1, MinLogQuery.MAX_PAGE_SIZE);
        Page<MinLogEntry> result = query.forCitizen(citizen, pageNumber, pageSize);
        return new LogPage(citizen, pageNumber, pageSize, result.getTotalSize(), result.getTotalPages(),
                result.getContent().stream().map(EntryView::of).toList());
    }

    private static int number(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max);
        }
    }
}
