package dk.opennsp.security;

import java.util.Optional;

/**
 * The one caller model every token model (JWT today, DGWS ID cards later) is mapped to.
 * Everything downstream (AccessGuard, log entries, write attribution) reads only this. It is the
 * request's authenticated principal, bound by the security layer, never a client-supplied parameter.
 */
public record Caller(
        UserType userType,
        String subject,
        String cpr,
        String givenName,
        String familyName,
        String authorizationCode,
        String educationCode,
        CallerOrganisation organisation,
        String itSystem,
        OnBehalfOf onBehalfOf,
        PurposeOfUse purposeOfUse,
        String regionCode,
        String assuranceLevel,
        TokenModel tokenModel) implements java.security.Principal {

    @Override
    public String getName() {
        return subject;
    }

    /**
     * SUPPORT: MinSpærring support staff who register paper/phone blockings for non-digital citizens.
     * MINLOG_ADMIN: marks protected staff and, as auditor, reads log entries unmasked.
     */
    public enum UserType { CITIZEN, PROFESSIONAL, SYSTEM, SOR_ADMIN, SUPPORT, MINLOG_ADMIN }

    /** How the caller proved who they are: a bearer JWT, a DGWS ID card, or a citizen page session opened by an OpenID Connect login. */
    public enum TokenModel { JWT, DGWS, OIDC_SESSION }

    public enum PurposeOfUse { TREAT, ETREAT }

    /** An organisation as the token names it: id plus the register it comes from (sor, cvr, ynumber). */
    public record CallerOrganisation(String id, String idType, String name) {
        public boolean isSor() {
            return "sor".equals(idType);
        }
    }

    /** Acting for someone else: a child (custody), a principal (procuration) or a professional (assistant_for). */
    public record OnBehalfOf(String relation, String cpr, String authorizationCode) {
        public boolean isCitizenRelation() {
            return "custody".equals(relation) || "procuration".equals(relation);
        }
    }

    public String displayName() {
        String name = ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).trim();
        return name.isEmpty() ? Optional.ofNullable(itSystem).orElse(subject) : name;
    }

    /** The caller's assurance on the one scale both token models map to. */
    public AssuranceLevel assurance() {
        return AssuranceLevel.of(assuranceLevel);
    }

    /**
     * The one citizen-acts-for rule: a citizen may act for themselves and for whom they hold custody or
     * procuration (never as an assistant).
     */
    public boolean mayActFor(String citizenCpr) {
        if (citizenCpr == null) {
            return false;
        }
        if (citizenCpr.equals(cpr)) {
            return true;
        }
        return onBehalfOf != null && onBehalfOf.isCitizenRelation() && citizenCpr.equals(onBehalfOf.cpr());
    }

    public boolean is(UserType type) {
        return userType == type;
    }

    /** The SOR code of the caller's organisation, when the token names it by SOR. */
    public Optional<String> sorCode() {
        return organisation != null && organisation.isSor() ? Optional.of(organisation.id()) : Optional.empty();
    }
}
