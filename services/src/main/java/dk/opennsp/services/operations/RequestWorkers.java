package dk.opennsp.services.operations;

import dk.opennsp.security.admission.AdmissionConfiguration;
import dk.opennsp.security.admission.AdmissionControl;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.executor.UserExecutorConfiguration;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * One size for the request workers: {@code opennsp.admission.workers}, or when that is 0 a size for this
 * node's cores and database ({@link AdmissionConfiguration#sized}). Admission control counts its permits
 * from it and the request executor ({@code micronaut.executors.blocking}) gets exactly that many threads;
 * that executor is timed ({@link TimedRequestExecutor}) so that admission control sees how long requests wait.
 */
@Singleton
public class RequestWorkers implements BeanCreatedEventListener<AdmissionConfiguration> {
    private final boolean remoteStore;

    public RequestWorkers(@Value("${datasources.default.url:}") String databaseUrl) {
        this.remoteStore = !databaseUrl.startsWith("jdbc:h2:");
    }

    @Override
    public AdmissionConfiguration onCreated(BeanCreatedEvent<AdmissionConfiguration> event) {
        AdmissionConfiguration admission = event.getBean();
        admission.setWorkers(admission.sized(Runtime.getRuntime().availableProcessors(), remoteStore));
        return admission;
    }

    /** Gives the request executor the workers admission control counts on. */
    @Singleton
    static final class ExecutorSize implements BeanCreatedEventListener<UserExecutorConfiguration> {
        private final Provider<AdmissionConfiguration> admission;

        ExecutorSize(Provider<AdmissionConfiguration> admission) {
            this.admission = admission;
        }

        @Override
        public UserExecutorConfiguration onCreated(BeanCreatedEvent<UserExecutorConfiguration> event) {
            UserExecutorConfiguration executor = event.getBean();
            if (TaskExecutors.BLOCKING.equals(executor.getName())) {
                executor.setNumberOfThreads(admission.get().getWorkers());
            }
            return executor;
        }
    }

    /** Wraps the request executor so that each task's wait for a worker is measured. */
    @Singleton
    static final class ExecutorTiming implements BeanCreatedEventListener<ExecutorService> {
        private final Provider<AdmissionControl> admission;
        private final Provider<MeterRegistry> registry;

        ExecutorTiming(Provider<AdmissionControl> admission, Provider<MeterRegistry> registry) {
            this.admission = admission;
            this.registry = registry;
        }

        @Override
        public ExecutorService onCreated(BeanCreatedEvent<ExecutorService> event) {
            if (!TaskExecutors.BLOCKING.equals(event.getBeanIdentifier().getName())) {
                return event.getBean();
            }
            Timer waits = Timer.builder("opennsp.admission.queue.wait")
                    .description("How long a request waited for a worker (p50/p99 over the last 30 s)")
                    .publishPercentiles(0.5, 0.99)
                    .distributionStatisticExpiry(Duration.ofSeconds(30))
                    .distributionStatisticBufferLength(3)
                    .register(registry.get());
            return new TimedRequestExecutor(event.getBean(), admission.get(), waits);
        }
    }
}
