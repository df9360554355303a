package dk.opennsp.security.dgws;

import java.time.Instant;

/**
 * A validated SOSI ID card: the attributes of the one assertion whose signature was checked.
 *
 * @param type                 {@code user} or {@code system}
 * @param authenticationLevel  3 = system card (VOCES/FOCES), 4 = user card (MOCES)
 * @param careProviderIdFormat the NameFormat of medcom:CareProviderID, e.g. {@code medcom:cvrnumber}
 */
public record IdCard(String idCardId, String type, int authenticationLevel, Instant notBefore, Instant notOnOrAfter,
                     String userCpr, String userGivenName, String userSurName, String userEmail, String userRole,
                     String userAuthorizationCode, String userOccupation, String itSystemName,
                     String careProviderId, String careProviderIdFormat, String careProviderName,
                     String signerSubject) {

    public boolean isUserCard() {
        return "user".equals(type);
    }
}
