package dk.opennsp.security.access;

/**
 * SPI implemented by MinLog. {@link #record} returns only once the entry is durably committed;
 * it throws {@link dk.opennsp.security.error.ApiException} (503) when it cannot guarantee that.
 */
public interface AccessLogSink {
    void record(AccessLogEntry entry);
}
