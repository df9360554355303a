package dk.opennsp.services.operations;

import dk.opennsp.cluster.ChangeChannel;
import dk.opennsp.security.admission.AdmissionControl;
import dk.opennsp.security.admission.ClientRateLimits;
import dk.opennsp.sor.SorTree;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

/**
 * What an operator watches on a bad day, on {@code /prometheus}: requests in flight and refused at
 * admission (503), refused by client quotas (429), whether the data store's circuit is open, the
 * readiness answer, and whether this node keeps up with the others (change channel, SOR feed position).
 */
@Context
public class ResilienceMetrics {
    public ResilienceMetrics(MeterRegistry registry, AdmissionControl admission, ClientRateLimits rateLimits,
                             DataStoreGuard store, ReadinessIndicator readiness, ChangeChannel channel, SorTree tree) {
        Gauge.builder("opennsp.admission.in.flight", admission, AdmissionControl::inFlight)
                .description("Requests being worked on or waiting for a worker").register(registry);
        Gauge.builder("opennsp.admission.queue.limit", admission, AdmissionControl::queueLimit)
                .description("How many admitted requests may wait for a worker now (lower while a queue stands)").register(registry);
        FunctionCounter.builder("opennsp.admission.queue.cuts", admission, AdmissionControl::queueCuts)
                .description("Times a standing queue (waits past opennsp.admission.queue-delay) was cut below opennsp.admission.queue")
                .register(registry);
        FunctionCounter.builder("opennsp.admission.refused", admission, AdmissionControl::refusals)
                .description("Requests refused at admission with 503 (node at capacity)").register(registry);
        FunctionCounter.builder("opennsp.rate.limited", rateLimits, ClientRateLimits::refusals)
                .description("Requests refused with 429 (client past its quota)").register(registry);
        Gauge.builder("opennsp.data.store.circuit.open", store,
                        s -> s.dataSource() != null && s.dataSource().breaker().getState() == CircuitBreaker.State.OPEN ? 1 : 0)
                .description("1 while the data store's circuit breaker is open").register(registry);
        Gauge.builder("opennsp.ready", readiness, r -> r.ready() ? 1 : 0)
                .description("1 while readiness says UP").register(registry);
        Gauge.builder("opennsp.cluster.channel.current", channel, c -> c.isCurrent() ? 1 : 0)
                .description("1 while this node hears other nodes' changes (always 1 without a shared database)")
                .register(registry);
        Gauge.builder("opennsp.sor.feed.position", tree, SorTree::position)
                .description("The SOR feed position this node's tree has caught up to; compare across nodes")
                .register(registry);
    }
}
