package dk.opennsp.security.dgws;

import dk.opennsp.security.Caller;
import dk.opennsp.security.Caller.CallerOrganisation;
import dk.opennsp.security.Caller.OnBehalfOf;
import dk.opennsp.security.Caller.PurposeOfUse;
import dk.opennsp.security.Caller.UserType;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.admission.ClientRateLimits;
import dk.opennsp.security.access.ConsentOverride;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Objects;

/**
 * The DGWS token model: envelope scan → ID-card validation → security level → {@link Caller}.
 * Feeds the same Caller → AccessGuard path as a JWT.
 */
@Singleton
public class DgwsAuthenticator {
    private static final String HSUID_PROFESSIONAL = "nsi:HealthcareProfessional";

    private final IdCardValidator validator;
    private final ClientRateLimits rateLimits;

    public DgwsAuthenticator(IdCardValidator validator, ClientRateLimits rateLimits) {
        this.validator = validator;
        this.rateLimits = rateLimits;
    }

    /**
     * @param requiredLevel the lowest AuthenticationLevel the operation accepts (3 = system card, 4 = user card)
     */
    public DgwsCall authenticate(DgwsEnvelope envelope, int requiredLevel) {
        DgwsEnvelope.MedcomHeader medcom = envelope.medcom();
        if (medcom.messageId() == null || medcom.messageId().isBlank()) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "medcom:Header must carry Linking/MessageID");
        }
        IdCard card = validator.validate(envelope.card());
        if (card.authenticationLevel() < requiredLevel) {
            throw new DgwsException(FaultCode.SECURITY_LEVEL_FAILED, "This operation requires an ID card of authentication level "
                    + requiredLevel + "; the card has level " + card.authenticationLevel());
        }
        if (medcom.securityLevel() != null && !medcom.securityLevel().equals(String.valueOf(card.authenticationLevel()))) {
            throw new DgwsException(FaultCode.SECURITY_LEVEL_FAILED, "medcom:SecurityLevel " + medcom.securityLevel()
                    + " does not match the ID card's level " + card.authenticationLevel());
        }
        Map<String, String> hsuid = envelope.hsuid() == null ? Map.of() : envelope.hsuid();
        Caller caller = card.isUserCard() ? professional(card, hsuid) : system(card);
        // the calling system as the STS vouched for it: ITSystemName + CareProviderID (HSUID names only a unit within it)
        rateLimits.admit(clientKey(card));
        return new DgwsCall(envelope, card, caller, consentOverride(hsuid), citizen(hsuid));
    }

    /** The quota key of a card's system: {@code ITSystemName|{cvr|ynumber|pnumber|sks}:CareProviderID}. */
    static String clientKey(IdCard card) {
        return (card.itSystemName() == null ? "-" : card.itSystemName()) + "|"
                + careProviderType(card.careProviderIdFormat()) + ":" + card.careProviderId();
    }

    private static Caller professional(IdCard card, Map<String, String> hsuid) {
        String userType = hsuid.get("nsi:UserType");
        if (userType != null && !HSUID_PROFESSIONAL.equals(userType)) {
            throw new DgwsException(FaultCode.NOT_AUTHORIZED, "A user ID card acts for a health professional; HSUID UserType says " + userType);
        }
        String acting = hsuid.get("nsi:ActingUserCivilRegistrationNumber");
        if (acting != null && !acting.equals(card.userCpr())) {
            throw new DgwsException(FaultCode.NOT_AUTHORIZED, "HSUID acting user is not the user of the ID card");
        }
        return new Caller(UserType.PROFESSIONAL, "dgws:" + card.userCpr(), card.userCpr(), card.userGivenName(),
                card.userSurName(), card.userAuthorizationCode(), card.userRole(), organisation(card, hsuid),
                card.itSystemName(), responsibleUser(card, hsuid), PurposeOfUse.TREAT, null,
                String.valueOf(card.authenticationLevel()), Caller.TokenModel.DGWS);
    }

    private static Caller system(IdCard card) {
        return new Caller(UserType.SYSTEM, "dgws:" + card.careProviderId(), null, null, null, null, null,
                organisation(card, Map.of()), card.itSystemName(), null, PurposeOfUse.TREAT, null,
                String.valueOf(card.authenticationLevel()), Caller.TokenModel.DGWS);
    }

    /** HSUID's nsi:OrgUsingID (by SOR) names the unit the user works in; otherwise the card's care provider. */
    private static CallerOrganisation organisation(IdCard card, Map<String, String> hsuid) {
        String orgUsing = hsuid.get("nsi:OrgUsingID");
        if (orgUsing != null) {
            String format = hsuid.getOrDefault("nsi:OrgUsingID" + DgwsEnvelope.NAME_FORMAT_SUFFIX, "nsi:sor");
            String type = format.startsWith("nsi:") ? format.substring(4).toLowerCase(java.util.Locale.ROOT) : format;
            if (type.equals("sor") && !Identifiers.isSorCode(orgUsing)) {
                throw new DgwsException(FaultCode.SYNTAX_ERROR, "HSUID OrgUsingID is not a SOR code");
            }
            return new CallerOrganisation(orgUsing, type,
                    hsuid.getOrDefault("nsi:OrgResponsibleName", card.careProviderName()));
        }
        return new CallerOrganisation(card.careProviderId(), careProviderType(card.careProviderIdFormat()), card.careProviderName());
    }

    private static String careProviderType(String format) {
        return switch (format) {
            case "medcom:cvrnumber" -> "cvr";
            case "medcom:ynumber" -> "ynumber";
            case "medcom:pnumber" -> "pnumber";
            case "medcom:skscode" -> "sks";
            default -> throw new DgwsException(FaultCode.INVALID_IDCARD, "Unknown CareProviderID NameFormat " + format);
        };
    }

    /** An assistant acting for a responsible doctor: the log names the doctor as "on behalf of". */
    private static OnBehalfOf responsibleUser(IdCard card, Map<String, String> hsuid) {
        String responsibleCpr = hsuid.get("nsi:ResponsibleUserCivilRegistrationNumber");
        String responsibleAuth = hsuid.get("nsi:ResponsibleUserAuthorizationCode");
        if (responsibleCpr == null && responsibleAuth == null) {
            return null;
        }
        if (Objects.equals(responsibleCpr, card.userCpr()) || (responsibleCpr == null && Objects.equals(responsibleAuth, card.userAuthorizationCode()))) {
            return null;
        }
        if (responsibleCpr != null && !Identifiers.isCpr(responsibleCpr)) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "HSUID ResponsibleUserCivilRegistrationNumber must be 10 digits");
        }
        return new OnBehalfOf("assistant_for", responsibleCpr, responsibleAuth);
    }

    private static ConsentOverride consentOverride(Map<String, String> hsuid) {
        String value = hsuid.get("nsi:ConsentOverride");
        if (value == null || value.equals("false")) {
            return null;
        }
        if (!value.equals("true")) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "HSUID ConsentOverride must be true or false");
        }
        // OpenNSP extension: HSUID has only the flag, so the kind and the professional's reason travel beside it
        String kind = hsuid.getOrDefault(OVERRIDE_KIND, "emergency");
        ConsentOverride.Kind parsed = switch (kind) {
            case "emergency" -> ConsentOverride.Kind.EMERGENCY;
            case "consent" -> ConsentOverride.Kind.CONSENT;
            default -> throw new DgwsException(FaultCode.SYNTAX_ERROR, "HSUID " + OVERRIDE_KIND + " must be consent or emergency");
        };
        String reason = hsuid.get(OVERRIDE_REASON);
        if (reason != null && reason.length() > MAX_OVERRIDE_REASON) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "HSUID " + OVERRIDE_REASON + " is longer than "
                    + MAX_OVERRIDE_REASON + " characters");
        }
        return new ConsentOverride(parsed, reason == null || reason.isBlank() ? "DGWS HSUID nsi:ConsentOverride" : reason.trim());
    }

    public static final String OVERRIDE_KIND = "opennsp:ConsentOverrideKind";
    public static final String OVERRIDE_REASON = "opennsp:ConsentOverrideReason";
    private static final int MAX_OVERRIDE_REASON = 500;

    private static String citizen(Map<String, String> hsuid) {
        String cpr = hsuid.get("nsi:CitizenCivilRegistrationNumber");
        if (cpr != null && !Identifiers.isCpr(cpr)) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "HSUID CitizenCivilRegistrationNumber must be 10 digits");
        }
        return cpr;
    }
}
