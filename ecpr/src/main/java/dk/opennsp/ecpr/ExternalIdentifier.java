package dk.opennsp.ecpr;

/**
 * Another identifier the person is known by (passport, asylum-seeker id, a decentral D-eCPR), each in its
 * own system; one identifier belongs to one registration, which is how a returning patient is found.
 */
public record ExternalIdentifier(String system, String value) {
}
