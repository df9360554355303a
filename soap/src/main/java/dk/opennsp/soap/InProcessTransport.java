package dk.opennsp.soap;

import org.apache.cxf.Bus;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.service.model.EndpointInfo;
import org.apache.cxf.transport.AbstractDestination;
import org.apache.cxf.transport.Conduit;
import org.apache.cxf.transport.Destination;
import org.apache.cxf.transport.DestinationFactory;
import org.apache.cxf.ws.addressing.EndpointReferenceType;
import org.apache.cxf.ws.addressing.EndpointReferenceUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * A CXF transport that lives inside the Micronaut HTTP server: the SOAP controller hands CXF the
 * request it already received, and CXF writes its answer into a buffer the controller sends back.
 * This keeps SOAP on the same port as REST/FHIR without a servlet container.
 */
final class InProcessTransport implements DestinationFactory {
    static final String TRANSPORT_ID = "urn:opennsp:transport:in-process";
    /** Exchange key of the buffer the answer is written to. */
    static final String RESPONSE_BUFFER = InProcessTransport.class.getName() + ".response";

    @Override
    public Destination getDestination(EndpointInfo endpointInfo, Bus bus) {
        EndpointReferenceType reference = EndpointReferenceUtils.getEndpointReference(endpointInfo.getAddress());
        return new InProcessDestination(bus, reference, endpointInfo);
    }

    @Override
    public Set<String> getUriPrefixes() {
        return Set.of("opennsp:");
    }

    @Override
    public List<String> getTransportIds() {
        return List.of(TRANSPORT_ID);
    }

    static final class InProcessDestination extends AbstractDestination {
        InProcessDestination(Bus bus, EndpointReferenceType reference, EndpointInfo endpointInfo) {
            super(bus, reference, endpointInfo);
        }

        @Override
        protected Conduit getInbuiltBackChannel(Message inMessage) {
            return new ResponseConduit();
        }

        @Override
        protected Logger getLogger() {
            return Logger.getLogger(InProcessDestination.class.getName());
        }

        /** Points the outgoing message at the exchange's response buffer and records the HTTP status. */
        private final class ResponseConduit extends AbstractBackChannelConduit {
            @Override
            public void prepare(Message message) throws IOException {
                Exchange exchange = message.getExchange();
                OutputStream buffer = (ByteArrayOutputStream) exchange.get(RESPONSE_BUFFER);
                int status = 200;
                if (message == exchange.getOutFaultMessage()) {
                    status = message.getContent(Exception.class) instanceof Fault fault ? fault.getStatusCode() : 500;
                }
                exchange.put(Message.RESPONSE_CODE, status);
                message.setContent(OutputStream.class, buffer);
            }
        }
    }
}
