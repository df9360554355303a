package dk.opennsp.security.error;

import io.micronaut.http.HttpStatus;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import java.util.Map;

/**
 * A refusal with a status the client can act on. Rendered as a FHIR OperationOutcome (REST)
 * and, later, as a DGWS fault (SOAP); the message is shown to the client, so never put secrets in it.
 */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final IssueType issueType;
    private final Map<String, String> headers;

    public ApiException(HttpStatus status, IssueType issueType, String message) {
        this(status, issueType, message, Map.of(), null);
    }

    public ApiException(HttpStatus status, IssueType issueType, String message, Map<String, String> headers, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.issueType = issueType;
        this.headers = headers;
    }

    public HttpStatus status() {
        return status;
    }

    public IssueType issueType() {
        return issueType;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, IssueType.INVALID, message);
    }

    public static ApiException notSupported(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, IssueType.NOTSUPPORTED, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, IssueType.FORBIDDEN, message);
    }

    /** The caller is known but not identified surely enough for this data (DGWS: security_level_failed). */
    public static ApiException insufficientAssurance(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, IssueType.SECURITY, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, IssueType.NOTFOUND, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, IssueType.CONFLICT, message);
    }

    public static ApiException unprocessable(String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, IssueType.PROCESSING, message);
    }

    /** 412: the caller's version (If-Match / Version element) is not the current one: re-read, then retry. */
    public static ApiException preconditionFailed(String message) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, IssueType.CONFLICT, message);
    }

    /** 428: a change of shared data must name the version it was based on. */
    public static ApiException preconditionRequired(String message) {
        return new ApiException(HttpStatus.PRECONDITION_REQUIRED, IssueType.REQUIRED, message);
    }

    /** A dependency (database, log store) could not answer: fail closed, tell the client to retry. */
    public static ApiException unavailable(String message, Throwable cause) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, IssueType.TRANSIENT, message,
                retryAfterHeader(5), cause);
    }

    /** 429: this client has used its quota (admission control); it may come back after {@code retryAfterSeconds}. */
    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, IssueType.THROTTLED, message, retryAfterHeader(retryAfterSeconds), null);
    }

    /** 503 at admission: the node is at capacity; refused at once instead of queued. */
    public static ApiException overloaded(long retryAfterSeconds) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, IssueType.TRANSIENT,
                "The service is at capacity; try again shortly", retryAfterHeader(retryAfterSeconds), null);
    }

    private static Map<String, String> retryAfterHeader(long seconds) {
        return Map.of("Retry-After", String.valueOf(Math.max(1, seconds)));
    }

    /** The Retry-After header value, when this refusal carries one. */
    public String retryAfter() {
        return headers.get("Retry-After");
    }

    /** 401: RFC 6750 says to name the error only when a token was presented. */
    public static ApiException unauthorized(String description, boolean tokenPresented) {
        String challenge = tokenPresented
                ? "Bearer realm=\"opennsp\", error=\"invalid_token\", error_description=\"" + description.replace("\"", "'") + "\""
                : "Bearer realm=\"opennsp\"";
        return new ApiException(HttpStatus.UNAUTHORIZED, IssueType.LOGIN, description,
                Map.of("WWW-Authenticate", challenge), null);
    }
}
