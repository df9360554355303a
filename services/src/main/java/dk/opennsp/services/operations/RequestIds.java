package dk.opennsp.services.operations;

import dk.opennsp.security.access.RequestCorrelation;
import dk.opennsp.security.access.TimeOrderedIds;
import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One id per request, to follow it through the logs: the client's {@code X-Request-ID} when it is a sane
 * token (a load balancer's or the caller's), else a fresh time-ordered UUID
 * ({@link TimeOrderedIds}: cheap to index). It is returned in the response and is in
 * the MDC ({@code requestId}) of every log line written while the request is handled, on whichever thread,
 * and it is the correlation id of the MinLog entries the request causes ({@link RequestCorrelation}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIds {
    public static final String HEADER = "X-Request-ID";
    public static final String MDC_KEY = RequestCorrelation.MDC_KEY;
    private static final String ATTRIBUTE = "opennsp.request-id";
    /** Log-safe: no spaces, separators or control characters, and short. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:\\-]{1,64}");

    @RequestFilter
    public void assign(HttpRequest<?> request, MutablePropagatedContext context) {
        String given = request.getHeaders().get(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : TimeOrderedIds.next().toString();
        request.setAttribute(ATTRIBUTE, id);
        context.add(new MdcPropagationContext(Map.of(MDC_KEY, id)));
    }

    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(ATTRIBUTE, String.class).ifPresent(id -> response.header(HEADER, id));
    }
}
