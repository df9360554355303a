package dk.opennsp.security.access;

import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;

import java.util.Locale;

/**
 * Værdispring: a professional's override of the citizen's blockings, with the reason they gave.
 * {@link #requested} is the one rule both transports apply: the kind and the reason are required over
 * REST and DGWS alike, and a JWT with {@code purpose_of_use=ETREAT} is an emergency leap (its reason
 * still required). Whether the caller may leap at all is the {@link AccessGuard}'s decision.
 */
public record ConsentOverride(Kind kind, String reason) {
    public enum Kind { CONSENT, EMERGENCY }

    public static final int MAX_REASON = 500;

    /**
     * @param asked  whether the request asks for a leap (REST: {@code X-Consent-Override} present;
     *               DGWS: HSUID {@code nsi:ConsentOverride=true})
     * @param kind   {@code consent} or {@code emergency} as the transport carried it, or null
     * @param reason the professional's reason, or null
     * @return the leap, or null when none is asked for
     */
    public static ConsentOverride requested(Caller caller, boolean asked, String kind, String reason) {
        boolean emergencyPurpose = caller != null && caller.purposeOfUse() == Caller.PurposeOfUse.ETREAT;
        if (!asked && !emergencyPurpose) {
            return null;
        }
        Kind parsed = kind == null && emergencyPurpose ? Kind.EMERGENCY : parse(kind);
        if (emergencyPurpose && parsed != Kind.EMERGENCY) {
            throw ApiException.badRequest("purpose_of_use ETREAT is an emergency value leap; the kind cannot be " + kind);
        }
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest("A value leap (værdispring) needs the professional's reason "
                    + "(REST: X-Consent-Override-Reason; DGWS: opennsp:ConsentOverrideReason)");
        }
        if (reason.length() > MAX_REASON) {
            throw ApiException.badRequest("The value leap's reason is longer than " + MAX_REASON + " characters");
        }
        return new ConsentOverride(parsed, reason.trim());
    }

    private static Kind parse(String kind) {
        if (kind == null || kind.isBlank()) {
            throw ApiException.badRequest("A value leap (værdispring) must name its kind: consent or emergency "
                    + "(REST: X-Consent-Override; DGWS: opennsp:ConsentOverrideKind)");
        }
        return switch (kind.trim().toLowerCase(Locale.ROOT)) {
            case "consent" -> Kind.CONSENT;
            case "emergency" -> Kind.EMERGENCY;
            default -> throw ApiException.badRequest("The value leap's kind must be consent or emergency, not " + kind);
        };
    }
}
