package dk.opennsp.security.error;

import java.util.regex.Pattern;

/**
 * Framework messages (a body that would not bind, a parameter that would not convert) are shown to
 * clients; they must not name our classes or packages. Qualified Java names become "a value".
 */
public final class ClientMessages {
    /** {@code dk.opennsp.Foo}, {@code java.time.Instant}, {@code com.fasterxml.X$Y}: two or more dotted lower-case parts then a type. */
    private static final Pattern QUALIFIED_NAME = Pattern.compile("`?\\b(?:[a-z_][a-z0-9_]*\\.){2,}[A-Za-z_][A-Za-z0-9_$]*\\b`?");
    /** Jackson's "(through reference chain: …)" and source locations tell internals, not the client's mistake. */
    private static final Pattern INTERNAL_TAIL = Pattern.compile("\\s*(\\(through reference chain:.*|at \\[Source:.*)$", Pattern.DOTALL);

    /** Micronaut's binding failure names the controller's parameter; the client only needs the reason. */
    private static final Pattern CONVERSION_PREFIX = Pattern.compile("^Failed to convert argument \\[[^\\]]*\\] for value \\[[^\\]]*\\] due to: ");

    private ClientMessages() {
    }

    public static String withoutInternals(String message) {
        if (message == null) {
            return null;
        }
        String cleaned = INTERNAL_TAIL.matcher(message).replaceAll("");
        cleaned = CONVERSION_PREFIX.matcher(cleaned).replaceFirst("The request could not be read: ");
        return QUALIFIED_NAME.matcher(cleaned).replaceAll("a value");
    }
}
