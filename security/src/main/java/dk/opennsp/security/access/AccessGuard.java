package dk.opennsp.security.access;

import dk.opennsp.security.AssuranceLevel;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.Caller;
import dk.opennsp.security.DataKind;
import dk.opennsp.security.OrganisationIdType;
import dk.opennsp.security.Caller.UserType;
import dk.opennsp.security.error.ApiException;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one access path for citizen data: role rules, the citizen's blockings, the read, the filter and
 * the durable MinLog entry, in that order. Nothing is returned unless its log entry is committed.
 */
@Singleton
public class AccessGuard {
    private static final Map<String, String> ROLE_BY_EDUCATION_CODE = Map.of(
            "7170", "Læge",
            "5166", "Sygeplejerske",
            "5433", "Farmaceut",
            "4498", "Tandlæge");

    private final ConsentPolicy consentPolicy;
    private final AccessLogSink logSink;
    private final PlatformAudit audit;
    private final Clock clock;
    private final PersonIdentities identities;

    public AccessGuard(ConsentPolicy consentPolicy, AccessLogSink logSink, PlatformAudit audit, Clock clock,
                       PersonIdentities identities) {
        this.identities = identities;
        this.consentPolicy = consentPolicy;
        this.logSink = logSink;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Reads citizen data through the guard.
     *
     * @param loader reads every item of the citizen's data of this kind; called only when access is allowed
     * @param origin tells where an item came from, for data-specific blockings
     */
    public <T> GuardedResult<T> read(AccessRequest request, Supplier<List<T>> loader, Function<T, DataOrigin> origin) {
        return readPerson(request, ids -> loader.get(), origin);
    }

    /**
     * Reads a person's data by every identifier they are known by ({@link PersonIdentities}: a CPR number and
     * linked eCPRs): the blockings registered under any of them apply, and the loader is given all of them.
     */
    public <T> GuardedResult<T> readPerson(AccessRequest request, Function<Set<String>, List<T>> loader, Function<T, DataOrigin> origin) {
        Instant now = clock.instant();
        authorize(request);
        Set<String> ids;
        try {
            ids = identities.of(request.citizenCpr());
        } catch (RuntimeException e) {
            throw ApiException.unavailable("The person's identifiers cannot be looked up; try again later", e);
        }
        ConsentDecision decision = consent(request, ids, now);
        if (decision instanceof ConsentDecision.Suppress) {
            audit.refused(request, "suppressed", "a blocking applies to this caller");
            return new GuardedResult<>(List.of(), true, 0);
        }
        List<T> all;
        try {
            all = loader.apply(ids);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApiException.unavailable("The data store cannot answer; try again later", e);
        }
        List<T> visible = all;
        if (decision instanceof ConsentDecision.Filter filter) {
            Predicate<DataOrigin> allowed = filter.visible();
            visible = new ArrayList<>(all.size());
            for (T item : all) {
                if (allowed.test(origin.apply(item))) {
                    visible.add(item);
                }
            }
        }
        int withheld = all.size() - visible.size();
        if (visible.isEmpty() && withheld > 0) {
            audit.refused(request, "suppressed", "blockings withheld all " + withheld + " items");
            return new GuardedResult<>(List.of(), false, withheld);
        }
        logSink.record(logEntry(request, now));
        return new GuardedResult<>(List.copyOf(visible), false, withheld);
    }

    /**
     * Whether the caller may work with this kind of data at all, before the person is known (registering a
     * person without a CPR number: the eCPR is given afterwards, and the result is then read through {@link #read}).
     */
    public void authorize(Caller caller, DataKind kind) {
        authorize(new AccessRequest(caller, null, kind, null));
    }

    /**
     * The one policy, whichever token model the caller came with: first the assurance the data kind
     * requires of this kind of reader, then who may leap, then whose data a citizen may read.
     */
    private void authorize(AccessRequest request) {
        Caller caller = request.caller();
        AssuranceLevel required = request.dataKind().requiredAssurance(caller.userType());
        if (!caller.assurance().satisfies(required)) {
            String reason = "Reading this data requires assurance level " + required.describe()
                    + "; the caller's is " + caller.assurance().describe();
            audit.refused(request, "denied", reason);
            throw ApiException.insufficientAssurance(reason);
        }
        String reason = null;
        if (request.override() != null && !(caller.is(UserType.PROFESSIONAL) && caller.authorizationCode() != null)) {
            reason = "Consent override (værdispring) is only for authorised health professionals";
        } else if (caller.is(UserType.CITIZEN)) {
            if (!caller.mayActFor(request.citizenCpr())) {
                reason = "A citizen may only read their own data or that of someone they act for";
            }
        } else if (!caller.is(UserType.PROFESSIONAL) && !(caller.is(UserType.SYSTEM) && request.dataKind().systemsMayRead())) {
            reason = "Only health professionals and citizens may read citizen data";
        }
        if (reason != null) {
            audit.refused(request, "denied", reason);
            throw ApiException.forbidden(reason);
        }
    }

    /** Blockings restrict health professionals; a citizen reading their own data is never blocked. */
    private ConsentDecision consent(AccessRequest request, Set<String> ids, Instant now) {
        if (!request.caller().is(UserType.PROFESSIONAL) || request.override() != null) {
            return ConsentDecision.ALLOW;
        }
        try {
            // a person known by several identifiers: what is blocked under any of them stays blocked
            ConsentDecision combined = ConsentDecision.ALLOW;
            for (String id : ids) {
                ConsentDecision one = consentPolicy.evaluate(request.caller(), id, request.dataKind(), now);
                if (one instanceof ConsentDecision.Suppress) {
                    return one;
                }
                if (one instanceof ConsentDecision.Filter filter) {
                    combined = combined instanceof ConsentDecision.Filter earlier
                            ? new ConsentDecision.Filter(earlier.visible().and(filter.visible())) : filter;
                }
            }
            return combined;
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ApiException.unavailable("The citizen's blockings cannot be checked; try again later", e);
        }
    }

    private AccessLogEntry logEntry(AccessRequest request, Instant now) {
        Caller caller = request.caller();
        ConsentOverride override = request.override();
        String addition = override == null ? AccessLogEntry.ADDITION_NONE
                : override.kind() == ConsentOverride.Kind.CONSENT ? AccessLogEntry.ADDITION_CONSENT
                : AccessLogEntry.ADDITION_OVERRIDE;
        boolean professional = caller.is(UserType.PROFESSIONAL);
        String userId = professional && caller.authorizationCode() != null ? caller.authorizationCode() : caller.cpr();
        String userIdSource = professional && caller.authorizationCode() != null ? "Autorisation" : caller.cpr() == null ? null : "CPR";
        String role = professional
                ? ROLE_BY_EDUCATION_CODE.getOrDefault(caller.educationCode(), "Sundhedsperson")
                : caller.is(UserType.SYSTEM) ? "System"
                : (Objects.equals(caller.cpr(), request.citizenCpr()) ? "Borger" : "Pårørende/fuldmagtshaver");
        Caller.CallerOrganisation org = caller.organisation();
        Caller.OnBehalfOf obo = caller.onBehalfOf();
        String oboId = obo == null ? null : (obo.authorizationCode() != null ? obo.authorizationCode() : obo.cpr());
        String oboSource = obo == null ? null : (obo.authorizationCode() != null ? "Autorisation" : "CPR");
        return new AccessLogEntry(
                request.citizenCpr(), Identifiers.personIdSource(request.citizenCpr()), now, null,
                caller.itSystem() != null ? caller.itSystem() : "OpenNSP",
                request.dataKind().activity(),
                override == null ? null : override.reason(),
                addition, AccessLogEntry.CRITICALITY_NONE,
                org == null ? null : org.id(),
                org == null ? null : OrganisationIdType.of(org.idType()).minLogSource(),
                org == null ? null : org.name(),
                null,
                userId, userIdSource, caller.displayName(), role,
                oboId, oboSource, null, null, List.of(),
                RequestCorrelation.current(), null, AccessLogEntry.REGISTERED_BY_PLATFORM);
    }
}
