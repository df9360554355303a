package dk.opennsp.security;

/**
 * The kinds of citizen data behind the access path; the activity text is what the citizen reads in MinLog,
 * and the assurance each reader needs is the same over every transport.
 */
public enum DataKind {
    MEDICINE_CARD("Opslag på medicinkort", false),
    APPOINTMENTS("Opslag på aftaler", false),
    DIAGNOSES("Opslag på diagnosekort", false),
    /** A person's eCPR registration (name, birth date, address): hospital and pharmacy systems look these up too. */
    PERSON_REGISTRATION("Opslag i eCPR-registrering", true);

    private final String activity;
    private final boolean systemsMayRead;

    DataKind(String activity, boolean systemsMayRead) {
        this.activity = activity;
        this.systemsMayRead = systemsMayRead;
    }

    /** Whether a system (DGWS level 3 card, JWT system token) may read this kind, not only a person. */
    public boolean systemsMayRead() {
        return systemsMayRead;
    }

    public String activity() {
        return activity;
    }

    /**
     * The assurance a caller needs to read this data: a citizen their MitID login (substantial); anyone
     * else, in practice a professional, a person's own strong login (high; DGWS level 4). A system card
     * never reads patient data.
     */
    public AssuranceLevel requiredAssurance(Caller.UserType reader) {
        if (reader == Caller.UserType.SYSTEM && systemsMayRead) {
            // a system proves itself with its certificate or client credentials, not a person's login
            return AssuranceLevel.LOW;
        }
        return reader == Caller.UserType.CITIZEN ? AssuranceLevel.SUBSTANTIAL : AssuranceLevel.HIGH;
    }
}
