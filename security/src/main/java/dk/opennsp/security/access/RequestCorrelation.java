package dk.opennsp.security.access;

import org.slf4j.MDC;

/**
 * The id of the request being served, so a MinLog entry the platform records can be found in the logs
 * of the request that caused it. The HTTP layer puts the id in the logging MDC (under {@link #MDC_KEY}),
 * which follows the request onto whichever thread serves it; outside a request a fresh time-ordered UUID is used.
 */
public final class RequestCorrelation {
    public static final String MDC_KEY = "requestId";
    /** MinLog2's CorrelationId is at most 46 characters; a longer request id is not used. */
    static final int MAX_LENGTH = 46;

    private RequestCorrelation() {
    }

    public static String current() {
        String id = MDC.get(MDC_KEY);
        return id != null && !id.isEmpty() && id.length() <= MAX_LENGTH ? id : TimeOrderedIds.next().toString();
    }
}
