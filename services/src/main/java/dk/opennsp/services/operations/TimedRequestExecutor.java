package dk.opennsp.services.operations;

import dk.opennsp.security.admission.AdmissionControl;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The request executor, timed: how long each task waited for a worker, told to admission control (which
 * bounds its queue by that wait) and to the {@code opennsp.admission.queue.wait} timer. Everything else is
 * the pool it wraps.
 */
final class TimedRequestExecutor extends AbstractExecutorService {
    private final ExecutorService pool;
    private final AdmissionControl admission;
    private final Timer waits;

    TimedRequestExecutor(ExecutorService pool, AdmissionControl admission, Timer waits) {
        this.pool = pool;
        this.admission = admission;
        this.waits = waits;
    }

    @Override
    public void execute(Runnable task) {
        long queued = System.nanoTime();
        pool.execute(() -> {
            long waited = System.nanoTime() - queued;
            admission.workerStarted(waited);
            waits.record(waited, TimeUnit.NANOSECONDS);
            task.run();
        });
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}
