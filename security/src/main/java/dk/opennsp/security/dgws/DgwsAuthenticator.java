package dk.opennsp.security.dgws;

import dk.opennsp.security.Caller;
import dk.opennsp.security.Caller.CallerOrganisation;
import dk.opennsp.security.Caller.OnBehalfOf;
import dk.opennsp.security.Caller.PurposeOfUse;
import dk.opennsp.security.Caller.UserType;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.OrganisationIdType;
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
     * Translates a DGWS request into the caller model. Which assurance an operation needs is not decided
     * here: the card's AuthenticationLevel travels in the {@link Caller} and the access guard judges it,
     * on the same scale as a JWT's {@code assurance_level}.
     */
    public DgwsCall authenticate(DgwsEnvelope envelope) {
        DgwsEnvelope.MedcomHeader medcom = envelope.medcom();
        if (medcom.messageId() == null || medcom.messageId().isBlank()) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "medcom:Header must carry Linking/MessageID");
        }
        IdCard card = validator.validate(envelope.card());
        if (medcom.securityLevel() != null && !medcom.securityLevel().equals(String.valueOf(card.authenticationLevel()))) {
            throw new DgwsException(FaultCode.SECURITY_LEVEL_FAILED, "medcom:SecurityLevel " + medcom.securityLevel()
                    + " does not match the ID card's level " + card.authenticationLevel());
        }
        Map<String, String> hsuid = envelope.hsuid() == null ? Map.of() : envelope.hsuid();
        Caller caller = card.isUserCard() ? professional(card, hsuid) : system(card);
        // the calling system as the STS vouched for it: ITSystemName + CareProviderID (HSUID names only a unit within it)
        rateLimits.admit(clientKey(card));
        return new DgwsCall(envelope, card, caller, consentOverride(caller, hsuid), citizen(hsuid));
    }

    /** The caller an ID card alone stands for (no HSUID): what the STS exchanges it into. */
    public static Caller callerOf(IdCard card) {
        return card.isUserCard() ? professional(card, Map.of()) : system(card);
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
            String type = OrganisationIdType.find(format.startsWith("nsi:") ? format.substring(4) : format)
                    .orElseThrow(() -> new DgwsException(FaultCode.SYNTAX_ERROR, "HSUID OrgUsingID NameFormat " + format
                            + " is not one of nsi:sor, nsi:cvr, nsi:ynumber, nsi:pnumber, nsi:sks")).token();
            if (type.equals("sor") && !Identifiers.isSorCode(orgUsing)) {
                throw new DgwsException(FaultCode.SYNTAX_ERROR, "HSUID OrgUsingID is not a SOR code");
            }
            return new CallerOrganisation(orgUsing, type,
                    hsuid.getOrDefault("nsi:OrgResponsibleName", card.careProviderName()));
        }
        return new CallerOrganisation(card.careProviderId(), careProviderType(card.careProviderIdFormat()), card.careProviderName());
    }

    private static String careProviderType(String format) {
        return OrganisationIdType.ofCareProviderFormat(format)
                .orElseThrow(() -> new DgwsException(FaultCode.INVALID_IDCARD, "Unknown CareProviderID NameFormat " + format))
                .token();
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

    /** HSUID's flag plus the OpenNSP extension carrying kind and reason, judged by the one value-leap rule. */
    private static ConsentOverride consentOverride(Caller caller, Map<String, String> hsuid) {
        String value = hsuid.get("nsi:ConsentOverride");
        if (value != null && !value.equals("true") && !value.equals("false")) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "HSUID ConsentOverride must be true or false");
        }
        // HSUID has only the flag, so the kind and the professional's reason travel beside it
        return ConsentOverride.requested(caller, "true".equals(value), hsuid.get(OVERRIDE_KIND), hsuid.get(OVERRIDE_REASON));
    }

    public static final String OVERRIDE_KIND = "opennsp:ConsentOverrideKind";
    public static final String OVERRIDE_REASON = "opennsp:ConsentOverrideReason";

    private static String citizen(Map<String, String> hsuid) {
        String cpr = hsuid.get("nsi:CitizenCivilRegistrationNumber");
        // a patient without a CPR number is named by their national eCPR here
        if (cpr != null && !Identifiers.isPersonId(cpr)) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "HSUID CitizenCivilRegistrationNumber must be a 10-digit CPR number or a national eCPR");
        }
        return cpr;
    }
}
