package dk.opennsp.security.error;

import jakarta.inject.Singleton;

import java.util.List;

/**
 * Every request the platform refuses, by where and why: the REST/FHIR error responses ({@code rest}, reason =
 * the OperationOutcome issue code), DGWS faults ({@code soap}, reason = the medcom:FaultCode) and the network
 * edge ({@code edge}: {@code overload} at admission, {@code framing} for a request with both Content-Length and
 * Transfer-Encoding). The listeners turn them into metrics; without one, nothing is counted.
 */
@Singleton
public class Refusals {
    /** Told of each refusal; {@code status} is the HTTP status the client got. */
    public interface Listener {
        void refused(String channel, int status, String reason);
    }

    public static final String REST = "rest";
    public static final String SOAP = "soap";
    public static final String EDGE = "edge";

    private final List<Listener> listeners;

    public Refusals(List<Listener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public void record(String channel, int status, String reason) {
        for (Listener listener : listeners) {
            listener.refused(channel, status, reason);
        }
    }
}
