package dk.opennsp.services.citizen;

import dk.opennsp.minspaerring.Blocking;
import dk.opennsp.minspaerring.BlockingKind;
import dk.opennsp.minspaerring.BlockingService;
import dk.opennsp.security.Caller;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** MinSpærring self-service: a citizen's own blockings (or those of whom they act for). */
@Controller("/api/citizen/blockings")
@Tag(name = "Citizen blockings (MinSpærring)")
public class BlockingsController {
    private final BlockingService service;

    public BlockingsController(BlockingService service) {
        this.service = service;
    }

    @Serdeable
    public record BlockingRequest(@Nullable String kind, @Nullable String target, @Nullable String validFrom,
                                  @Nullable String validTo) {
    }

    @Serdeable
    public record BlockingView(long id, String kind, @Nullable String target, @Nullable Instant validFrom,
                               @Nullable Instant validTo, Instant createdAt, boolean active) {
        static BlockingView of(Blocking b, Instant now) {
            return new BlockingView(b.id(), b.kind().name(), b.target(), b.validFrom(), b.validTo(), b.createdAt(),
                    b.activeAt(now));
        }
    }

    @Post
    @Operation(summary = "Create a blocking: ALL, PROFESSIONAL (authorization code or CPR), ORGANISATION or DATA_FROM_ORGANISATION (SOR code)")
    public HttpResponse<BlockingView> create(Caller caller, @Nullable @QueryValue String cpr, @Nullable @Body BlockingRequest request) {
        String citizen = CitizenAccess.subjectCpr(caller, cpr);
        if (request == null) {
            throw ApiException.badRequest("A JSON body with kind, target, validFrom and validTo is required");
        }
        Blocking created = service.create(citizen, kind(request.kind()), blankToNull(request.target()),
                instant("validFrom", request.validFrom()), instant("validTo", request.validTo()),
                "citizen:" + caller.cpr());
        return HttpResponse.created(BlockingView.of(created, Instant.now()),
                URI.create("/api/citizen/blockings/" + created.id()));
    }

    @Get
    @Operation(summary = "List the citizen's blockings, newest first")
    public List<BlockingView> list(Caller caller, @Nullable @QueryValue String cpr) {
        Instant now = Instant.now();
        return service.list(CitizenAccess.subjectCpr(caller, cpr)).stream().map(b -> BlockingView.of(b, now)).toList();
    }

    @Delete("/{id}")
    @Operation(summary = "End a blocking now (it stays in the list as ended)")
    public BlockingView end(Caller caller, @PathVariable String id, @Nullable @QueryValue String cpr) {
        long parsed;
        try {
            parsed = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("No blocking " + id);
        }
        return BlockingView.of(service.end(CitizenAccess.subjectCpr(caller, cpr), parsed), Instant.now());
    }

    private static BlockingKind kind(String value) {
        if (value == null) {
            return null;
        }
        try {
            return BlockingKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("kind must be ALL, PROFESSIONAL, ORGANISATION or DATA_FROM_ORGANISATION");
        }
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
