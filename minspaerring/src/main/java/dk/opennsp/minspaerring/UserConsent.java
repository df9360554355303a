package dk.opennsp.minspaerring;

/** The general answer for one professional and one citizen (ConsentForUserCheck). */
public enum UserConsent {
    /** A positive consent names this professional: nothing is blocked for them. */
    POSITIVE,
    /** A caller-specific blocking applies: they get no data at all. */
    NEGATIVE,
    /** No general registration applies (data-specific blockings may still filter items). */
    NONE
}
