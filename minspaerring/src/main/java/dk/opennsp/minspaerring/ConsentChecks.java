package dk.opennsp.minspaerring;

import dk.opennsp.security.Caller;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.access.DataOrigin;
import dk.opennsp.security.access.PlatformAudit;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.sor.SorCode;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * MinSpærring's consent-check API for other systems (SOAP ConsentForUserCheck / ConsentForDataCheck
 * and their REST equivalents): may this professional see this citizen's data, and which of these
 * items? Answered from the same index and rules the access guard uses. No citizen data is returned,
 * so nothing is logged to MinLog; every check is in the platform audit.
 */
@Singleton
public class ConsentChecks {
    public static final int MAX_ITEMS = 1000;

    private final BlockingIndex index;
    private final PlatformAudit audit;
    private final Clock clock;

    public ConsentChecks(BlockingIndex index, PlatformAudit audit, Clock clock) {
        this.index = index;
        this.audit = audit;
        this.clock = clock;
    }

    /** The professional asked about: authorization code and/or CPR, and the SOR unit they work in. */
    public record User(String authorizationCode, String cpr, String organisationSor) {
    }

    /** A data item held elsewhere: its id (echoed back), originating SOR unit and creation time. */
    public record Item(String id, String organisationSor, Instant created) {
    }

    public record UserAnswer(UserConsent consent, boolean dataSpecificBlockings) {
    }

    public record ItemAnswer(String id, boolean allowed) {
    }

    public record DataAnswer(UserConsent consent, List<ItemAnswer> items) {
    }

    public UserAnswer forUser(Caller caller, String citizenCpr, User user) {
        Verdict verdict = verdict(caller, citizenCpr, user, "user-check");
        return new UserAnswer(verdict.consent(), verdict.hasDataBlockings());
    }

    public DataAnswer forData(Caller caller, String citizenCpr, User user, List<Item> items) {
        if (items == null || items.isEmpty() || items.size() > MAX_ITEMS) {
            throw ApiException.badRequest("Between 1 and " + MAX_ITEMS + " data items are checked per request");
        }
        for (Item item : items) {
            if (item.id() == null || item.id().isBlank() || item.id().length() > 200) {
                throw ApiException.badRequest("Every data item needs an id of at most 200 characters");
            }
            if (item.organisationSor() != null && !SorCode.isValid(item.organisationSor())) {
                throw ApiException.badRequest("Data item " + item.id() + ": organisation must be a valid SOR code");
            }
            if (item.created() == null) {
                throw ApiException.badRequest("Data item " + item.id() + ": created is required");
            }
        }
        Verdict verdict = verdict(caller, citizenCpr, user, "data-check of " + items.size() + " items");
        List<ItemAnswer> answers = new ArrayList<>(items.size());
        for (Item item : items) {
            answers.add(new ItemAnswer(item.id(), verdict.visible(new DataOrigin(item.organisationSor(), item.created()))));
        }
        return new DataAnswer(verdict.consent(), answers);
    }

    private Verdict verdict(Caller caller, String citizenCpr, User user, String what) {
        if (!caller.is(Caller.UserType.SYSTEM) && !caller.is(Caller.UserType.PROFESSIONAL)) {
            throw ApiException.forbidden("Consent checks are for health-care systems and professionals");
        }
        if (!Identifiers.isPersonId(citizenCpr)) {
            throw ApiException.badRequest("The citizen must be a 10-digit CPR number or a national eCPR");
        }
        if (user == null || (user.authorizationCode() == null && user.cpr() == null)) {
            throw ApiException.badRequest("The user needs an authorization code or a CPR number");
        }
        if (user.authorizationCode() != null && !Identifiers.isAuthorizationCode(user.authorizationCode())) {
            throw ApiException.badRequest("The user's authorization code must be 5 letters or digits");
        }
        if (user.cpr() != null && !Identifiers.isCpr(user.cpr())) {
            throw ApiException.badRequest("The user's CPR number must be 10 digits");
        }
        if (user.organisationSor() != null && !SorCode.isValid(user.organisationSor())) {
            throw ApiException.badRequest("The user's organisation must be a valid SOR code");
        }
        Verdict verdict;
        try {
            verdict = index.verdict(Viewer.of(user.authorizationCode(), user.cpr(), user.organisationSor()), citizenCpr,
                    clock.instant());
        } catch (RuntimeException e) {
            throw ApiException.unavailable("The citizen's blockings cannot be checked; try again later", e);
        }
        audit.event(caller, "consent-check", what + " for user " + user.authorizationCode() + "/" + user.organisationSor()
                + ": " + verdict.consent());
        return verdict;
    }
}
