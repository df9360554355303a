package dk.opennsp.security.access;

/** Værdispring: a professional's override of the citizen's blockings, with the reason they gave. */
public record ConsentOverride(Kind kind, String reason) {
    public enum Kind { CONSENT, EMERGENCY }
}
