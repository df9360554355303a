package dk.opennsp.services.fhir;

import dk.opennsp.ecpr.EcprRegistry;
import dk.opennsp.ecpr.Registration;
import dk.opennsp.ecpr.RegistrationRepository;
import dk.opennsp.security.Caller;
import dk.opennsp.security.DataKind;
import dk.opennsp.security.access.AccessGuard;
import dk.opennsp.security.access.PlatformAudit;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.services.openapi.BearerApi;
import io.micronaut.core.annotation.Nullable;
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

import java.time.Instant;
import java.util.List;

/**
 * Linking a person registered under an eCPR to the CPR number they got later: from then on they are one
 * person (lookups by either number, blockings under either, one log). Professionals and systems link; only
 * support staff undo a link made in error, with a note, and every link and undo is audited.
 */
@BearerApi
@Controller("/api/ecpr")
@Tag(name = "eCPR registry: linking to a CPR number")
public class EcprLinkController {
    private final EcprRegistry registry;
    private final AccessGuard guard;
    private final PlatformAudit audit;

    public EcprLinkController(EcprRegistry registry, AccessGuard guard, PlatformAudit audit) {
        this.registry = registry;
        this.guard = guard;
        this.audit = audit;
    }

    @Serdeable
    public record LinkRequest(@Nullable String cpr) {
    }

    @Serdeable
    public record LinkView(String ecpr, @Nullable String cpr, @Nullable Instant linkedAt, @Nullable String linkedBy) {
        static LinkView of(Registration r) {
            return new LinkView(r.ecpr(), r.linkedCpr(), r.linkedAt(), r.linkedBy());
        }
    }

    @Serdeable
    public record LinkEventView(String action, String cpr, String actor, @Nullable String note, Instant at) {
    }

    @Post("/{ecpr}/link")
    @Operation(summary = "Link the registration to the person's new CPR number (the same number again changes nothing)")
    public LinkView link(Caller caller, @PathVariable String ecpr, @Nullable @Body LinkRequest request) {
        guard.authorize(caller, DataKind.PERSON_REGISTRATION);
        if (request == null || request.cpr() == null) {
            throw ApiException.badRequest("A JSON body with the person's cpr is required");
        }
        Registration linked = registry.link(ecpr, request.cpr(), caller.displayName());
        audit.event(caller, "ecpr-linked", ecpr + " linked to a CPR number");
        return LinkView.of(linked);
    }

    @Serdeable
    public record MergeRequest(@Nullable String into) {
    }

    @Post("/{ecpr}/merge")
    @Operation(summary = "Merge this registration, a second one of the same person, into the one named by into: "
            + "its number lives on as an alias (data, blockings, log), its identifiers move")
    public LinkView merge(Caller caller, @PathVariable String ecpr, @Nullable @Body MergeRequest request) {
        guard.authorize(caller, DataKind.PERSON_REGISTRATION);
        if (request == null || request.into() == null || !dk.opennsp.security.Identifiers.isEcpr(request.into())) {
            throw ApiException.badRequest("A JSON body with into: the eCPR of the registration to keep, is required");
        }
        Registration survivor = registry.merge(ecpr, request.into(), caller.displayName());
        audit.event(caller, "ecpr-merged", ecpr + " merged into " + survivor.ecpr());
        return LinkView.of(survivor);
    }

    @Delete("/{ecpr}/link")
    @Operation(summary = "Support staff: undo a link made in error (a note is required and kept)")
    public LinkView unlink(Caller caller, @PathVariable String ecpr, @Nullable @QueryValue String note) {
        requireSupport(caller);
        if (note == null || note.isBlank() || note.length() > 500) {
            throw ApiException.badRequest("Say why the link is undone: note, 1-500 characters");
        }
        Registration unlinked = registry.unlink(ecpr, caller.displayName() + " (support)", note);
        audit.event(caller, "ecpr-unlinked", ecpr + " unlinked from its CPR number");
        return LinkView.of(unlinked);
    }

    @Get("/{ecpr}/links")
    @Operation(summary = "Support staff and MinLog auditors: every link, undo and merge of this registration, oldest first")
    public List<LinkEventView> history(Caller caller, @PathVariable String ecpr) {
        if (!caller.is(Caller.UserType.SUPPORT) && !caller.is(Caller.UserType.MINLOG_ADMIN)) {
            throw ApiException.forbidden("The link history is for support staff and auditors");
        }
        List<RegistrationRepository.LinkEvent> events = registry.linkHistory(ecpr);
        return events.stream().map(e -> new LinkEventView(e.action(), e.cpr(), e.actor(), e.note(), e.at())).toList();
    }

    private static void requireSupport(Caller caller) {
        if (!caller.is(Caller.UserType.SUPPORT)) {
            throw ApiException.forbidden("Only support staff may undo a link");
        }
    }
}
