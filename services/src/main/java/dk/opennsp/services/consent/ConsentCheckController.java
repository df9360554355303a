package dk.opennsp.services.consent;

import dk.opennsp.services.openapi.BearerApi;
import dk.opennsp.minspaerring.ConsentChecks;
import dk.opennsp.minspaerring.UserConsent;
import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.http.RequestValues;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/**
 * REST equivalents of the SOAP consent checks, for JWT system and professional callers. A
 * professional who names no user is asking about themselves.
 */
@BearerApi
@Controller("/api/consent")
@Tag(name = "MinSpærring consent checks")
public class ConsentCheckController {
    private final ConsentChecks checks;

    public ConsentCheckController(ConsentChecks checks) {
        this.checks = checks;
    }

    @Serdeable
    public record UserRef(@Nullable String authorizationCode, @Nullable String cpr, @Nullable String sor) {
    }

    @Serdeable
    public record ItemRef(@Nullable String id, @Nullable String sor, @Nullable String created) {
    }

    @Serdeable
    public record CheckRequest(@Nullable String cpr, @Nullable UserRef user, @Nullable List<ItemRef> items) {
    }

    @Serdeable
    public record UserCheckResponse(String cpr, UserConsent consent, boolean dataSpecificBlockings) {
    }

    @Serdeable
    public record ItemResult(String id, boolean allowed) {
    }

    @Serdeable
    public record DataCheckResponse(String cpr, UserConsent consent, List<ItemResult> items) {
    }

    @Post("/user-check")
    @Operation(summary = "ConsentForUserCheck: POSITIVE, NEGATIVE or NONE for a professional and a citizen")
    public UserCheckResponse userCheck(Caller caller, @Nullable @Body CheckRequest request) {
        CheckRequest r = required(request);
        ConsentChecks.UserAnswer answer = checks.forUser(caller, r.cpr(), user(caller, r.user()));
        return new UserCheckResponse(r.cpr(), answer.consent(), answer.dataSpecificBlockings());
    }

    @Post("/data-check")
    @Operation(summary = "ConsentForDataCheck: which of these data items (originating SOR unit, created) the professional may see")
    public DataCheckResponse dataCheck(Caller caller, @Nullable @Body CheckRequest request) {
        CheckRequest r = required(request);
        List<ConsentChecks.Item> items = r.items() == null ? List.of() : r.items().stream()
                .map(i -> new ConsentChecks.Item(i.id(), i.sor(), RequestValues.instant("items[].created", i.created()))).toList();
        ConsentChecks.DataAnswer answer = checks.forData(caller, r.cpr(), user(caller, r.user()), items);
        return new DataCheckResponse(r.cpr(), answer.consent(),
                answer.items().stream().map(i -> new ItemResult(i.id(), i.allowed())).toList());
    }

    private static CheckRequest required(CheckRequest request) {
        if (request == null) {
            throw ApiException.badRequest("A JSON body with cpr and user is required");
        }
        return request;
    }

    private static ConsentChecks.User user(Caller caller, UserRef user) {
        if (user == null && caller.is(Caller.UserType.PROFESSIONAL)) {
            return new ConsentChecks.User(caller.authorizationCode(), caller.cpr(), caller.sorCode().orElse(null));
        }
        return user == null ? null : new ConsentChecks.User(user.authorizationCode(), user.cpr(), user.sor());
    }
}
