package dk.opennsp.security.dgws;

/** The DGWS fault codes (medcom:FaultCode), with whether the fault is the client's (soap:Client) or ours (soap:Server). */
public enum FaultCode {
    SYNTAX_ERROR(true),
    MISSING_REQUIRED_HEADER(true),
    SECURITY_LEVEL_FAILED(true),
    INVALID_USERNAME_PASSWORD(true),
    INVALID_SIGNATURE(true),
    INVALID_IDCARD(true),
    INVALID_CERTIFICATE(true),
    EXPIRED_IDCARD(true),
    NOT_AUTHORIZED(true),
    ILLEGAL_HTTP_METHOD(true),
    PROCESSING_PROBLEM(false),
    SIGNATURE_NOT_SUPPORTED(true),
    NONREPUDIATION_NOT_SUPPORTED(true);

    private final boolean clientFault;

    FaultCode(boolean clientFault) {
        this.clientFault = clientFault;
    }

    /** The code as it appears on the wire, e.g. {@code invalid_signature}. */
    public String wireValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isClientFault() {
        return clientFault;
    }
}
