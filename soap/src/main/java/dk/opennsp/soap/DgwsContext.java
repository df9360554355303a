package dk.opennsp.soap;

import dk.opennsp.security.dgws.DgwsCall;
import dk.opennsp.security.dgws.DgwsException;
import dk.opennsp.security.dgws.FaultCode;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;

/** The authenticated DGWS call of the SOAP request being served on this thread. */
public final class DgwsContext {
    private DgwsContext() {
    }

    /** Namespace of the response header that tells a client data was withheld by the citizen's blockings. */
    public static final String NOTICE_NAMESPACE = "urn:opennsp:soap:notice:1";

    /**
     * Adds an {@code opennsp:AccessNotice} response header, e.g. code {@code suppressed} (a general
     * blocking: nothing returned) or {@code withheld} (some items filtered), with a readable text.
     */
    public static void notice(String code, String text) {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        if (message != null) {
            message.getExchange().put(AccessNotice.class, new AccessNotice(code, text));
        }
    }

    record AccessNotice(String code, String text) {
    }

    public static DgwsCall current() {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        DgwsCall call = message == null ? null : message.getExchange().get(DgwsCall.class);
        if (call == null) {
            // a provider reached without the DGWS interceptor having run is a wiring bug: refuse, never serve
            throw new DgwsException(FaultCode.PROCESSING_PROBLEM, "The request was not authenticated");
        }
        return call;
    }
}
