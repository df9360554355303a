package dk.opennsp.soap;

/**
 * Told of every DGWS call the gateway served (not of {@code ?wsdl} / {@code ?xsd} reads), for per-operation
 * latency metrics. {@code operation} is the WSDL operation CXF dispatched to, or {@code unresolved} when the
 * request was refused before one was known; {@code outcome} is {@code ok} or the medcom:FaultCode.
 */
public interface SoapCalls {
    String UNRESOLVED = "unresolved";
    String OK = "ok";

    void served(String service, String operation, String outcome, int status, long nanos);
}
