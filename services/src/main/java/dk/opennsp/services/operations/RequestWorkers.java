package dk.opennsp.services.operations;

import dk.opennsp.security.admission.AdmissionConfiguration;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.executor.UserExecutorConfiguration;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * One size for the request workers: {@code opennsp.admission.workers}, or when that is 0 a size for this
 * node's cores and database ({@link AdmissionConfiguration#sized}). Admission control counts its permits
 * from it and the request executor ({@code micronaut.executors.blocking}) gets exactly that many threads.
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
}
