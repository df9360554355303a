package dk.opennsp.soap;

import dk.opennsp.security.dgws.DgwsAuthenticator;
import dk.opennsp.security.dgws.DgwsCall;
import dk.opennsp.security.dgws.DgwsEnvelope;
import dk.opennsp.security.dgws.DgwsException;
import dk.opennsp.security.dgws.FaultCode;
import dk.opennsp.security.dgws.SoapEnvelopeScanner;
import dk.opennsp.security.error.ApiException;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs before CXF reads the envelope: method check, envelope scan, ID-card validation and the
 * service's security level. A request that fails any of these never reaches the service. The SOAP
 * headers are all handled here, so CXF is given the envelope without them.
 */
final class DgwsInInterceptor extends AbstractSoapInterceptor {
    static final String RAW_XML = DgwsInInterceptor.class.getName() + ".xml";
    static final String REJECTION = DgwsInInterceptor.class.getName() + ".rejection";

    private final DgwsAuthenticator authenticator;
    /** Null for services that only read: their requests are executed every time. */
    private final DgwsRetransmissions retransmissions;

    DgwsInInterceptor(DgwsAuthenticator authenticator, DgwsRetransmissions retransmissions) {
        super(Phase.RECEIVE);
        this.authenticator = authenticator;
        this.retransmissions = retransmissions;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        String method = (String) message.get(Message.HTTP_REQUEST_METHOD);
        if (message.getExchange().get(SoapGateway.METADATA_REQUEST) != null) {
            return; // ?wsdl / ?xsd: served by CXF's WSDLGetInterceptor, no ID card needed
        }
        if (!"POST".equals(method)) {
            throw new DgwsException(FaultCode.ILLEGAL_HTTP_METHOD, "DGWS requests must be sent with HTTP POST, not " + method);
        }
        DgwsException rejection = (DgwsException) message.get(REJECTION);
        if (rejection != null) {
            throw rejection;
        }
        DgwsEnvelope envelope = SoapEnvelopeScanner.scan((String) message.get(RAW_XML));
        message.getExchange().put(DgwsEnvelope.class, envelope);
        DgwsCall call = authenticator.authenticate(envelope);
        message.getExchange().put(DgwsCall.class, call);
        // the headers are handled (and any other mustUnderstand header refused by the scan): CXF reads the rest
        message.setContent(InputStream.class, new ByteArrayInputStream(envelope.withoutHeader().getBytes(StandardCharsets.UTF_8)));
        if (retransmissions != null) {
            recognise(message, call, envelope);
        }
    }

    /** A retransmission is answered from memory (the chain stops here); a new request is remembered once answered. */
    private void recognise(SoapMessage message, DgwsCall call, DgwsEnvelope envelope) {
        String messageId = envelope.medcom().messageId();
        if (messageId.length() > MAX_MESSAGE_ID) {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "medcom:MessageID is longer than " + MAX_MESSAGE_ID + " characters");
        }
        DgwsRetransmissions.Outcome outcome = retransmissions.begin(call.senderKey(), messageId, envelope.requestFingerprint());
        if (outcome instanceof DgwsRetransmissions.Fresh fresh) {
            message.getExchange().put(SoapGateway.REMEMBER_AS, fresh.id());
        } else if (outcome instanceof DgwsRetransmissions.Replay replay) {
            message.getExchange().put(SoapGateway.REPLAY, replay.response());
            message.getInterceptorChain().abort();
        } else if (outcome instanceof DgwsRetransmissions.InProgress) {
            throw ApiException.unavailable("A request with this MessageID is still being processed; send it again shortly", null);
        } else {
            throw new DgwsException(FaultCode.SYNTAX_ERROR, "medcom:MessageID " + messageId
                    + " was already used for a different request; every new request needs a new MessageID");
        }
    }

    private static final int MAX_MESSAGE_ID = 200;
}
