package dk.opennsp.security;

/**
 * The kinds of citizen data behind the access path; the activity text is what the citizen reads in MinLog,
 * and the assurance each reader needs is the same over every transport.
 */
public enum DataKind {
    MEDICINE_CARD("Opslag på medicinkort"),
    APPOINTMENTS("Opslag på aftaler"),
    DIAGNOSES("Opslag på diagnosekort");

    private final String activity;

    DataKind(String activity) {
        this.activity = activity;
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
        return reader == Caller.UserType.CITIZEN ? AssuranceLevel.SUBSTANTIAL : AssuranceLevel.HIGH;
    }
}
