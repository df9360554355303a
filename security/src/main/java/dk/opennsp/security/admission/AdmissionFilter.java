package dk.opennsp.security.admission;

import dk.opennsp.security.dgws.DgwsFaultXml;
import dk.opennsp.security.dgws.FaultCode;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.ErrorResponses;
import dk.opennsp.security.error.FhirJson;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The first thing every request meets (on the event loop, before any token is checked): a Resilience4j
 * {@link Bulkhead} of {@code workers + queue} permits. A request that finds none is answered at once with
 * 503 + Retry-After (an OperationOutcome, or a DGWS {@code processing_problem} fault under /soap), so a storm
 * is shed in microseconds instead of piling up threads and memory. Health, metrics and the public
 * CapabilityStatement are never refused: a load balancer must be able to ask how the node is.
 */
@Filter("/**")
public class AdmissionFilter implements HttpServerFilter {
    private final Bulkhead bulkhead;
    private final boolean enabled;
    private final String retryAfter;
    /** Rendered once: in a storm most requests are refused, and each refusal must cost next to nothing. */
    private final byte[] fhirRefusal;
    private final byte[] soapRefusal;

    public AdmissionFilter(AdmissionConfiguration configuration, ErrorResponses errors) {
        this.enabled = configuration.isEnabled();
        ApiException overloaded = ApiException.overloaded(configuration.getRetryAfterSeconds());
        this.retryAfter = overloaded.retryAfter();
        this.fhirRefusal = errors.of(overloaded).body().getBytes(StandardCharsets.UTF_8);
        this.soapRefusal = DgwsFaultXml.of(FaultCode.PROCESSING_PROBLEM, overloaded.getMessage()).getBytes(StandardCharsets.UTF_8);
        this.bulkhead = Bulkhead.of("admission", BulkheadConfig.custom()
                .maxConcurrentCalls(Math.max(1, configuration.getWorkers() + configuration.getQueue()))
                .maxWaitDuration(Duration.ZERO) // never wait: this runs on the event loop
                .build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        if (!enabled || alwaysAnswered(request.getPath())) {
            return chain.proceed(request);
        }
        if (!bulkhead.tryAcquirePermission()) {
            return Publishers.just(refusal(request.getPath()));
        }
        return new ReleaseOnEnd<>(chain.proceed(request), bulkhead::onComplete);
    }

    /** Requests being worked on or waiting for a worker (for metrics and tests). */
    public int inFlight() {
        return bulkhead.getBulkheadConfig().getMaxConcurrentCalls() - bulkhead.getMetrics().getAvailableConcurrentCalls();
    }

    static boolean alwaysAnswered(String path) {
        return path.equals("/health") || path.startsWith("/health/") || path.equals("/prometheus")
                || path.equals("/fhir/metadata");
    }

    private MutableHttpResponse<?> refusal(String path) {
        boolean soap = path.startsWith("/soap/");
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, retryAfter)
                .contentType(soap ? SOAP_XML : FhirJson.FHIR_JSON)
                .body(soap ? soapRefusal : fhirRefusal);
    }

    private static final MediaType SOAP_XML = MediaType.of("text/xml; charset=UTF-8");

    /** Passes the response through and gives the permit back exactly once: on completion, error or cancel. */
    private static final class ReleaseOnEnd<T> implements Publisher<T> {
        private final Publisher<T> source;
        private final Runnable release;
        private final AtomicBoolean released = new AtomicBoolean();

        ReleaseOnEnd(Publisher<T> source, Runnable release) {
            this.source = source;
            this.release = release;
        }

        private void releaseOnce() {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        }

        @Override
        public void subscribe(Subscriber<? super T> downstream) {
            source.subscribe(new Subscriber<T>() {
                @Override
                public void onSubscribe(Subscription upstream) {
                    downstream.onSubscribe(new Subscription() {
                        @Override
                        public void request(long n) {
                            upstream.request(n);
                        }

                        @Override
                        public void cancel() {
                            releaseOnce();
                            upstream.cancel();
                        }
                    });
                }

                @Override
                public void onNext(T item) {
                    downstream.onNext(item);
                }

                @Override
                public void onError(Throwable error) {
                    releaseOnce();
                    downstream.onError(error);
                }

                @Override
                public void onComplete() {
                    releaseOnce();
                    downstream.onComplete();
                }
            });
        }
    }
}
