package dk.opennsp.security.jwt;

/** The presented token is not acceptable; the message goes to the client's error_description. */
public class InvalidTokenException extends RuntimeException {
    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
