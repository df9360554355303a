package dk.opennsp.soap;

import dk.opennsp.security.dgws.DgwsAuthenticator;
import dk.opennsp.security.dgws.DgwsEnvelope;
import dk.opennsp.security.dgws.DgwsException;
import dk.opennsp.security.dgws.DgwsNamespaces;
import dk.opennsp.security.dgws.FaultCode;
import dk.opennsp.security.dgws.SoapEnvelopeScanner;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;

import javax.xml.namespace.QName;
import java.util.Set;

/**
 * Runs before CXF reads the envelope: method check, envelope scan, ID-card validation and the
 * service's security level. A request that fails any of these never reaches the service.
 */
final class DgwsInInterceptor extends AbstractSoapInterceptor {
    static final String RAW_XML = DgwsInInterceptor.class.getName() + ".xml";
    static final String REJECTION = DgwsInInterceptor.class.getName() + ".rejection";

    private static final Set<QName> UNDERSTOOD = Set.of(
            new QName(DgwsNamespaces.WSSE, "Security"),
            new QName(DgwsNamespaces.MEDCOM, "Header"),
            new QName(DgwsNamespaces.HSUID, "HSUIDHeader"));

    private final DgwsAuthenticator authenticator;

    DgwsInInterceptor(DgwsAuthenticator authenticator) {
        super(Phase.RECEIVE);
        this.authenticator = authenticator;
    }

    @Override
    public Set<QName> getUnderstoodHeaders() {
        return UNDERSTOOD;
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
        message.getExchange().put(dk.opennsp.security.dgws.DgwsCall.class, authenticator.authenticate(envelope));
    }
}
