package dk.opennsp.services.minlog;

import dk.opennsp.services.openapi.BearerApi;
import dk.opennsp.minlog.MinLogRegistrations;
import dk.opennsp.minlog.MinLogRegistrations.Submitted;
import dk.opennsp.security.Caller;
import dk.opennsp.security.access.AccessLogEntry;
import dk.opennsp.security.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The REST/JSON twin of MinLog2 AddRegistrations, for JWT system callers: the same fields, the same
 * per-entry rules and partial success, the same durable writer.
 */
@BearerApi
@Controller("/api/minlog/registrations")
@Tag(name = "MinLog registration")
public class MinLogRegistrationController {
    private final MinLogRegistrations registrations;

    public MinLogRegistrationController(MinLogRegistrations registrations) {
        this.registrations = registrations;
    }

    @Serdeable
    public record Identified(@Nullable String id, @Nullable String source, @Nullable String name, @Nullable String role) {
    }

    @Serdeable
    public record Entry(@Nullable String systemName, @Nullable String activity, @Nullable String reason,
                        @Nullable String addition, @Nullable String criticality, @Nullable String dateTime,
                        @Nullable String fromDateTime, @Nullable String toDateTime, @Nullable Identified organisation,
                        @Nullable Identified person, @Nullable String correlationId, @Nullable String sequenceNumber,
                        @Nullable Identified user, @Nullable Identified onBehalfOf, @Nullable List<String> filters) {
    }

    @Serdeable
    public record Request(@Nullable List<Entry> entries) {
    }

    @Serdeable
    public record Failed(int position, String faultCode, String faultText, @Nullable String sequenceNumber) {
    }

    @Serdeable
    public record Response(int numberAdded, int numberFailed, List<Failed> failedLogDataEntries) {
    }

    @Post
    @Operation(summary = "Register MinLog entries in bulk (partial success; a retry with the same correlationId and "
            + "sequenceNumber is stored once)")
    public Response register(Caller caller, @Nullable @Body Request request) {
        MinLogRegistrations.registrant(caller);
        if (request == null || request.entries() == null) {
            throw ApiException.badRequest("A JSON body {\"entries\": [...]} is required");
        }
        List<Submitted> submitted = new ArrayList<>(request.entries().size());
        int position = 0;
        for (Entry e : request.entries()) {
            submitted.add(read(++position, e));
        }
        MinLogRegistrations.Result result = registrations.register(caller, submitted);
        return new Response(result.added(), result.failed().size(), result.failed().stream()
                .map(f -> new Failed(f.position(), f.faultCode(), f.faultText(), f.sequenceNumber())).toList());
    }

    private static Submitted read(int position, Entry e) {
        if (e == null) {
            return Submitted.unreadable(position, null, "the entry is empty");
        }
        if (e.person() == null || e.user() == null) {
            return Submitted.unreadable(position, e.sequenceNumber(), "person and user are required");
        }
        if (e.dateTime() != null && (e.fromDateTime() != null || e.toDateTime() != null)
                || e.dateTime() == null && (e.fromDateTime() == null || e.toDateTime() == null)) {
            return Submitted.unreadable(position, e.sequenceNumber(), "give either dateTime or both fromDateTime and toDateTime");
        }
        Instant from;
        Instant to;
        try {
            from = instant(e.dateTime() != null ? e.dateTime() : e.fromDateTime());
            to = instant(e.toDateTime());
        } catch (DateTimeParseException ex) {
            return Submitted.unreadable(position, e.sequenceNumber(), "times must be ISO-8601 with a zone, e.g. 2026-01-31T10:00:00Z");
        }
        Identified org = e.organisation();
        Identified obo = e.onBehalfOf();
        return Submitted.of(position, new AccessLogEntry(e.person().id(), e.person().source(), from, to,
                e.systemName(), e.activity(), e.reason(), e.addition(), e.criticality(),
                org == null ? null : org.id(), org == null ? null : org.source(), org == null ? null : org.name(),
                e.person().name(), e.user().id(), e.user().source(), e.user().name(), e.user().role(),
                obo == null ? null : obo.id(), obo == null ? null : obo.source(), obo == null ? null : obo.name(),
                obo == null ? null : obo.role(), e.filters(), e.correlationId(), e.sequenceNumber(), null));
    }

    private static Instant instant(String value) {
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }
}
