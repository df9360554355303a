package dk.opennsp.soap;

/**
 * A DGWS SOAP endpoint published under {@code /soap/{path}}: a JAX-WS provider whose
 * {@code @WebServiceProvider} names its WSDL. Every request to it passes the DGWS check first.
 */
public interface SoapService {

    /** The path segment under /soap, e.g. {@code fmk}. */
    String path();

    /** The JAX-WS implementor (an {@code @WebServiceProvider}): by default the service bean itself. */
    default Object implementor() {
        return this;
    }

    /** Classpath resource of the WSDL CXF publishes at {@code ?wsdl}, e.g. {@code wsdl/fmk/fmk.wsdl}. */
    String wsdlResource();

    /**
     * The largest request this service accepts in bytes, or 0 for the platform's
     * {@code opennsp.soap.max-message-size}. Bulk services (MinLog registration) need more; the HTTP
     * server's own limit still applies above it.
     */
    default int maxMessageSize() {
        return 0;
    }

    /**
     * Whether the service changes state (SOR maintenance, MinLog registration). Such requests are
     * remembered by sender and MessageID, so a retransmission is answered with the first response
     * instead of being executed again. Lookups are executed again (and logged again): no copy of a
     * citizen's data is kept for a replay.
     */
    default boolean changesState() {
        return false;
    }
}
