package dk.opennsp.security;

/** The kinds of citizen data behind the access path; the activity text is what the citizen reads in MinLog. */
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
}
