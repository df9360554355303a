package dk.opennsp.security.http;

/** Where the authenticated {@link dk.opennsp.security.Caller} travels on a request. */
public final class CallerContext {
    public static final String ATTRIBUTE = "opennsp.caller";

    private CallerContext() {
    }
}
