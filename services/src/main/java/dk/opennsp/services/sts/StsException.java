package dk.opennsp.services.sts;

/** An RFC 6749 §5.2 / RFC 8693 error: {@code invalid_request}, {@code invalid_grant}, {@code unsupported_grant_type}… */
public class StsException extends RuntimeException {
    private final String error;

    public StsException(String error, String description) {
        super(description);
        this.error = error;
    }

    public String error() {
        return error;
    }

    static StsException invalidRequest(String description) {
        return new StsException("invalid_request", description);
    }

    static StsException invalidGrant(String description) {
        return new StsException("invalid_grant", description);
    }
}
