package dk.opennsp.minspaerring;

/**
 * What a blocking (negative consent) covers. The first three are caller-specific ("general"):
 * the caller gets nothing. DATA_FROM_ORGANISATION is data-specific: items from that organisation are
 * withheld from everyone.
 */
public enum BlockingKind {
    ALL,
    PROFESSIONAL,
    ORGANISATION,
    DATA_FROM_ORGANISATION
}
