package dk.opennsp.security.error;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells "the data store cannot answer right now" (connection lost or refused, pool or statement timeout,
 * circuit open, server shutting down) from a programming or data error. The former is a 503 with
 * Retry-After on every path; the latter stays an internal error.
 */
public final class StoreFailures {
    /**
     * SQLState classes of an unavailable store: 08 connection exception, 53 insufficient resources,
     * 57 operator intervention (shutdown, statement timeout), 58 system error, HY timeouts.
     */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53", "57", "58", "HY");
    /** H2's own codes for a closed or broken database (90098 closed, 90121 closed by shutdown, 90028 IO, 50200 lock timeout, 57014 cancelled). */
    private static final Set<Integer> H2_UNAVAILABLE = Set.of(90098, 90121, 90028, 90031, 50200, 57014);

    private StoreFailures() {
    }

    public static boolean isUnavailable(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof SQLTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && state.length() >= 2 && UNAVAILABLE_CLASSES.contains(state.substring(0, 2))) {
                    return true;
                }
                if (H2_UNAVAILABLE.contains(sql.getErrorCode())) {
                    return true;
                }
            }
            // Micronaut Data names a failed connection acquisition by type, whatever the driver said
            String type = t.getClass().getSimpleName();
            if (type.equals("CannotGetJdbcConnectionException") || type.equals("CannotCreateTransactionException")) {
                return true;
            }
        }
        return false;
    }

    /** The 503 a client sees; the cause stays in the server log. */
    public static ApiException unavailable(Throwable cause) {
        return ApiException.unavailable("The data store cannot answer right now; try again shortly", cause);
    }
}
