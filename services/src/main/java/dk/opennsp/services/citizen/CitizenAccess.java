package dk.opennsp.services.citizen;

import dk.opennsp.security.Caller;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.error.ApiException;

/** Rules for the citizen self-service endpoints: citizens only, and only for themselves or whom they act for. */
final class CitizenAccess {
    private CitizenAccess() {
    }

    static Caller requireCitizen(Caller caller) {
        if (!caller.is(Caller.UserType.CITIZEN)) {
            throw ApiException.forbidden("This endpoint is for citizens");
        }
        return caller;
    }

    /** The CPR the request is about: the caller's own, or that of someone they hold custody or procuration for. */
    static String subjectCpr(Caller caller, String requested) {
        requireCitizen(caller);
        if (requested == null || requested.equals(caller.cpr())) {
            return caller.cpr();
        }
        validCpr(requested);
        if (caller.mayActFor(requested)) {
            return requested;
        }
        throw ApiException.forbidden("A citizen may only see their own data or that of someone they act for");
    }

    static String validCpr(String cpr) {
        if (!Identifiers.isPersonId(cpr)) {
            throw ApiException.badRequest("cpr must be a 10-digit CPR number or a national eCPR");
        }
        return cpr;
    }
}
