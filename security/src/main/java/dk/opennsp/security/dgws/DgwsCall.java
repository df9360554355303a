package dk.opennsp.security.dgws;

import dk.opennsp.security.Caller;
import dk.opennsp.security.access.ConsentOverride;

/**
 * An authenticated DGWS request: the caller the ID card (and HSUID header) maps to, a værdispring
 * when HSUID asked for one, and the citizen HSUID names (the service checks it matches the request).
 */
public record DgwsCall(DgwsEnvelope envelope, IdCard card, Caller caller, ConsentOverride override, String hsuidCitizenCpr) {

    /** Who sent the message, as the STS vouched for it: the user (for a user card) within the system and care provider. */
    public String senderKey() {
        return (card.isUserCard() ? "user:" + card.userCpr() + "@" : "system:") + DgwsAuthenticator.clientKey(card);
    }
}
