package dk.opennsp.services.citizen;

import dk.opennsp.services.openapi.BearerApi;
import dk.opennsp.minspaerring.Blocking;
import dk.opennsp.minspaerring.BlockingAudit;
import dk.opennsp.minspaerring.BlockingKind;
import dk.opennsp.minspaerring.BlockingService;
import dk.opennsp.minspaerring.BlockingService.Registrar;
import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.http.RequestValues;
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
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * MinSpærring self-service: a citizen's own blockings and positive consents, or those of whom they
 * act for (custody, procuration). Support staff ({@code user_type=support}) use the same endpoints with
 * {@code ?cpr=} to register a paper or phone blocking for a non-digital citizen; every change is
 * audited with who made it and through which channel.
 */
@BearerApi
@Controller("/api/citizen/blockings")
@Tag(name = "Citizen blockings (MinSpærring)")
public class BlockingsController {
    private static final int MAX_NOTE = 500;

    private final BlockingService service;
    private final Clock clock;

    public BlockingsController(BlockingService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    /**
     * {@code target} and {@code includeSubUnits} are bound as whatever JSON value was sent and checked in
     * {@link #create}: the default binding read {@code "maybe"} as false and {@code ["C1A23"]} as a code, and a
     * citizen's blocking must not be registered from a guess at what the client meant.
     */
    @Serdeable
    public record BlockingRequest(@Nullable String kind,
                                  @Nullable @Schema(type = "string", description = "authorization code, CPR or SOR code") Object target,
                                  @Nullable @Schema(type = "boolean") Object includeSubUnits,
                                  @Nullable String dataFrom, @Nullable String dataTo,
                                  @Nullable String validFrom, @Nullable String validTo,
                                  @Nullable String channel, @Nullable String note) {
    }

    @Serdeable
    public record BlockingView(long id, String kind, @Nullable String target, boolean includeSubUnits,
                               @Nullable Instant dataFrom, @Nullable Instant dataTo,
                               @Nullable Instant validFrom, @Nullable Instant validTo, Instant createdAt,
                               String registeredVia, boolean active) {
        static BlockingView of(Blocking b, Instant now) {
            return new BlockingView(b.id(), b.kind().name(), b.target(), b.includeSubUnits(), b.dataFrom(), b.dataTo(),
                    b.validFrom(), b.validTo(), b.createdAt(), b.channel(), b.activeAt(now));
        }
    }

    @Serdeable
    public record AuditView(String action, String channel, @Nullable String by, @Nullable String note, Instant at) {
        static AuditView of(BlockingAudit a) {
            return new AuditView(a.action(), a.channel(), a.actorName(), a.note(), a.at());
        }
    }

    @Post
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201", description = "Registered")
    @Operation(summary = "Register a blocking (ALL, PROFESSIONAL, ORGANISATION, DATA_FROM_ORGANISATION, DATA_PERIOD) "
            + "or a POSITIVE_CONSENT; support staff add channel (paper|phone) and note")
    public HttpResponse<BlockingView> create(Caller caller, @Nullable @QueryValue String cpr, @Nullable @Body BlockingRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body with kind, target, validFrom and validTo is required");
        }
        Subject subject = subject(caller, cpr, true, request.channel(), request.note());
        Blocking created = service.create(subject.cpr(), new BlockingService.Draft(kind(request.kind()),
                blankToNull(text("target", request.target())), Boolean.TRUE.equals(flag("includeSubUnits", request.includeSubUnits())),
                RequestValues.instant("dataFrom", request.dataFrom()), RequestValues.instant("dataTo", request.dataTo()),
                RequestValues.instant("validFrom", request.validFrom()), RequestValues.instant("validTo", request.validTo())), subject.registrar());
        return HttpResponse.created(BlockingView.of(created, clock.instant()),
                URI.create("/api/citizen/blockings/" + created.id()));
    }

    @Get
    @Operation(summary = "List the citizen's registrations, newest first")
    public List<BlockingView> list(Caller caller, @Nullable @QueryValue String cpr) {
        Instant now = clock.instant();
        return service.list(subject(caller, cpr, false, null, null).cpr()).stream().map(b -> BlockingView.of(b, now)).toList();
    }

    @Get("/{id}/audit")
    @Operation(summary = "Who registered and ended this registration, and through which channel")
    public List<AuditView> audit(Caller caller, @PathVariable String id, @Nullable @QueryValue String cpr) {
        return service.audit(subject(caller, cpr, false, null, null).cpr(), id(id)).stream().map(AuditView::of).toList();
    }

    @Delete("/{id}")
    @Operation(summary = "End a registration now (it stays in the list as ended); support staff add channel and note")
    public BlockingView end(Caller caller, @PathVariable String id, @Nullable @QueryValue String cpr,
                            @Nullable @QueryValue String channel, @Nullable @QueryValue String note) {
        Subject subject = subject(caller, cpr, true, channel, note);
        return BlockingView.of(service.end(subject.cpr(), id(id), subject.registrar()), clock.instant());
    }

    private record Subject(String cpr, Registrar registrar) {
    }

    /**
     * Whose registrations these are and who is acting. Citizens act for themselves or whom they hold
     * custody/procuration for; support staff for any citizen, but only through a paper or phone channel
     * with a note, so the audit trail says where the request came from.
     */
    private static Subject subject(Caller caller, String cpr, boolean writing, String channel, String note) {
        if (caller.is(Caller.UserType.SUPPORT)) {
            if (cpr == null) {
                throw ApiException.badRequest("Support staff name the citizen with ?cpr=");
            }
            String citizen = CitizenAccess.validCpr(cpr);
            return new Subject(citizen, new Registrar(writing ? supportChannel(channel) : "read", "support:" + caller.subject(),
                    caller.displayName() + " (support)", note(note)));
        }
        String citizen = CitizenAccess.subjectCpr(caller, cpr);
        String via = citizen.equals(caller.cpr()) ? "self" : caller.onBehalfOf().relation();
        return new Subject(citizen, new Registrar(via, "citizen:" + caller.cpr(), caller.displayName(), null));
    }

    private static String supportChannel(String channel) {
        String c = channel == null ? "" : channel.trim().toLowerCase(Locale.ROOT);
        if (!c.equals("paper") && !c.equals("phone")) {
            throw ApiException.badRequest("channel must be paper or phone");
        }
        return c;
    }

    private static String note(String note) {
        if (note != null && note.length() > MAX_NOTE) {
            throw ApiException.badRequest("note is longer than " + MAX_NOTE + " characters");
        }
        return blankToNull(note);
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("No blocking " + id);
        }
    }

    private static BlockingKind kind(String value) {
        if (value == null) {
            return null;
        }
        try {
            return BlockingKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("kind must be ALL, PROFESSIONAL, ORGANISATION, DATA_FROM_ORGANISATION, "
                    + "DATA_PERIOD or POSITIVE_CONSENT");
        }
    }

    /** A JSON string or null; anything else (a number, an array, an object) is a client mistake. */
    private static String text(String field, Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw ApiException.badRequest(field + " must be a JSON string");
    }

    /** JSON true, false or null; a string such as "true" or "maybe", or a number, is a client mistake. */
    private static Boolean flag(String field, Object value) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw ApiException.badRequest(field + " must be JSON true or false");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
