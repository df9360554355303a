package dk.opennsp.security.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import dk.opennsp.security.Caller;
import dk.opennsp.security.Caller.CallerOrganisation;
import dk.opennsp.security.Caller.OnBehalfOf;
import dk.opennsp.security.Caller.PurposeOfUse;
import dk.opennsp.security.Caller.UserType;
import dk.opennsp.security.Identifiers;
import jakarta.inject.Singleton;

import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Maps verified claims of the JWT claim profile (ARCHITECTURE.md §3) to a {@link Caller}. */
@Singleton
public class JwtCallerMapper {
    /** The registers of {@link dk.opennsp.security.OrganisationIdType}, one list for both token models. */
    private static final Set<String> ORG_ID_TYPES = java.util.Arrays.stream(dk.opennsp.security.OrganisationIdType.values())
            .map(dk.opennsp.security.OrganisationIdType::token).collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Set<String> RELATIONS = Set.of("custody", "procuration", "assistant_for");

    public Caller map(JWTClaimsSet claims) {
        UserType type = userType(claims);
        String cpr = string(claims, "cpr");
        if (cpr != null && !Identifiers.isCpr(cpr)) {
            throw new InvalidTokenException("claim cpr must be 10 digits");
        }
        CallerOrganisation organisation = organisation(claims);
        String itSystem = string(claims, "it_system");
        String regionCode = string(claims, "region_code");
        switch (type) {
            case CITIZEN -> require(cpr, "cpr");
            case PROFESSIONAL -> {
                require(cpr, "cpr");
                require(organisation, "org_id");
            }
            case SYSTEM -> {
                require(organisation, "org_id");
                require(itSystem, "it_system");
            }
            case SOR_ADMIN -> require(regionCode, "region_code");
            case SUPPORT, MINLOG_ADMIN -> {
                // support staff and MinLog administrators act in their own name: audit trails name them
                require(string(claims, "given_name"), "given_name");
                require(string(claims, "family_name"), "family_name");
            }
        }
        String authorizationCode = string(claims, "authorization_code");
        if (authorizationCode != null && !Identifiers.isAuthorizationCode(authorizationCode)) {
            throw new InvalidTokenException("claim authorization_code must be 5 letters or digits");
        }
        return new Caller(type, claims.getSubject(), cpr,
                string(claims, "given_name"), string(claims, "family_name"),
                authorizationCode, string(claims, "education_code"),
                organisation, itSystem, onBehalfOf(claims), purpose(claims), regionCode,
                string(claims, "assurance_level"), Caller.TokenModel.JWT);
    }

    private static UserType userType(JWTClaimsSet claims) {
        String value = string(claims, "user_type");
        if (value == null) {
            throw new InvalidTokenException("token is missing required claims: user_type");
        }
        return switch (value) {
            case "citizen" -> UserType.CITIZEN;
            case "professional" -> UserType.PROFESSIONAL;
            case "system" -> UserType.SYSTEM;
            case "sor_admin" -> UserType.SOR_ADMIN;
            case "support" -> UserType.SUPPORT;
            case "minlog_admin" -> UserType.MINLOG_ADMIN;
            default -> throw new InvalidTokenException(
                    "claim user_type must be citizen, professional, system, sor_admin, support or minlog_admin");
        };
    }

    private static CallerOrganisation organisation(JWTClaimsSet claims) {
        String id = string(claims, "org_id");
        if (id == null) {
            return null;
        }
        String idType = string(claims, "org_id_type");
        if (idType == null || !ORG_ID_TYPES.contains(idType)) {
            throw new InvalidTokenException("claim org_id_type must be sor, cvr, ynumber, pnumber or sks");
        }
        if (idType.equals("sor") && !Identifiers.isSorCode(id)) {
            throw new InvalidTokenException("claim org_id is not a SOR code");
        }
        return new CallerOrganisation(id, idType, string(claims, "org_name"));
    }

    private static OnBehalfOf onBehalfOf(JWTClaimsSet claims) {
        Object raw = claims.getClaim("on_behalf_of");
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Map<?, ?> map)) {
            throw new InvalidTokenException("claim on_behalf_of must be an object");
        }
        Object relation = map.get("relation");
        if (!(relation instanceof String r) || !RELATIONS.contains(r)) {
            throw new InvalidTokenException("on_behalf_of.relation must be custody, procuration or assistant_for");
        }
        String cpr = map.get("cpr") instanceof String s ? s : null;
        String authorizationCode = map.get("authorization_code") instanceof String s ? s : null;
        if (cpr != null && !Identifiers.isCpr(cpr)) {
            throw new InvalidTokenException("on_behalf_of.cpr must be 10 digits");
        }
        if (cpr == null && authorizationCode == null) {
            throw new InvalidTokenException("on_behalf_of needs cpr or authorization_code");
        }
        return new OnBehalfOf(r, cpr, authorizationCode);
    }

    private static PurposeOfUse purpose(JWTClaimsSet claims) {
        String value = string(claims, "purpose_of_use");
        if (value == null) {
            return PurposeOfUse.TREAT;
        }
        try {
            return PurposeOfUse.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("claim purpose_of_use must be TREAT or ETREAT");
        }
    }

    private static void require(Object value, String claim) {
        if (value == null) {
            throw new InvalidTokenException("token is missing required claims: " + claim);
        }
    }

    private static String string(JWTClaimsSet claims, String name) {
        try {
            String value = claims.getStringClaim(name);
            return value == null || value.isBlank() ? null : value;
        } catch (ParseException e) {
            throw new InvalidTokenException("claim " + name + " must be a string");
        }
    }
}
