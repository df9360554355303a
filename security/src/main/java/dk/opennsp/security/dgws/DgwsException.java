package dk.opennsp.security.dgws;

/**
 * A DGWS refusal: rendered as a SOAP 1.1 fault with {@code detail/medcom:FaultCode}. The message is
 * shown to the client, so it never carries secrets or internals.
 */
public class DgwsException extends RuntimeException {
    private final FaultCode code;
    private final int httpStatus;

    public DgwsException(FaultCode code, String message) {
        this(code, message, 500, null);
    }

    public DgwsException(FaultCode code, String message, int httpStatus, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public FaultCode code() {
        return code;
    }

    /** SOAP 1.1 faults travel as 500; only an oversized message is told apart (413). */
    public int httpStatus() {
        return httpStatus;
    }
}
