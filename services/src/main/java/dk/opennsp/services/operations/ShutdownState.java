package dk.opennsp.services.operations;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The first step of a graceful shutdown. On SIGTERM (see {@code Application}) readiness says DOWN at
 * once, and for {@code opennsp.shutdown.readiness-delay} the node still accepts and serves normally, so a
 * load balancer polling readiness stops sending it traffic. Then the JVM's shutdown begins: Micronaut's
 * graceful shutdown stops accepting, lets in-flight requests finish (up to
 * {@code opennsp.shutdown.drain-timeout}), and the MinLog writer flushes what is queued before the
 * database closes. Any other shutdown (the context stopped in a test) says DOWN without the delay.
 */
@Singleton
public class ShutdownState implements ApplicationEventListener<ShutdownEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownState.class);
    private final Duration readinessDelay;
    private volatile boolean shuttingDown;

    public ShutdownState(@Value("${opennsp.shutdown.readiness-delay:2s}") Duration readinessDelay) {
        this.readinessDelay = readinessDelay;
    }

    /** SIGTERM: say DOWN, keep serving for the readiness delay; the caller then starts the JVM's shutdown. */
    public void beginShutdown() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        LOG.info("Shutdown requested: readiness is DOWN; serving {} more before draining", readinessDelay);
        try {
            Thread.sleep(readinessDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onApplicationEvent(ShutdownEvent event) {
        shuttingDown = true;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }
}
