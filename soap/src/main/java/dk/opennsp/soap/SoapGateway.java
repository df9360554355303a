package dk.opennsp.soap;

import dk.opennsp.security.dgws.DgwsAuthenticator;
import dk.opennsp.security.dgws.DgwsException;
import dk.opennsp.security.dgws.FaultCode;
import dk.opennsp.security.error.Refusals;
import dk.opennsp.security.error.ApiException;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.ExchangeImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.apache.cxf.transport.Destination;
import org.apache.cxf.transport.DestinationFactoryManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Publishes every {@link SoapService} as an Apache CXF endpoint on the in-process transport and
 * runs requests through it. CXF does the SOAP work (binding, dispatch, faults, ?wsdl); the DGWS
 * interceptors put the shared security layer in front of every endpoint.
 */
@Context
public class SoapGateway {
    static final String METADATA_REQUEST = SoapGateway.class.getName() + ".metadata";
    static final String RETRY_AFTER = SoapGateway.class.getName() + ".retryAfter";
    /** The stored first response to a retransmitted request. */
    static final String REPLAY = SoapGateway.class.getName() + ".replay";
    /** The id under which a new state-changing request's response is to be remembered. */
    static final String REMEMBER_AS = SoapGateway.class.getName() + ".rememberAs";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SoapGateway.class);

    private final Bus bus;
    private final Map<String, Destination> destinations = new HashMap<>();
    private final Map<String, Integer> messageLimits = new HashMap<>();
    private final DgwsRetransmissions retransmissions;

    private final List<SoapCalls> observers;
    private final Refusals refusals;

    public SoapGateway(List<SoapService> services, DgwsAuthenticator authenticator, DgwsRetransmissions retransmissions,
                       List<SoapCalls> observers, Refusals refusals) {
        this.retransmissions = retransmissions;
        this.observers = List.copyOf(observers);
        this.refusals = refusals;
        this.bus = BusFactory.newInstance().createBus();
        InProcessTransport transport = new InProcessTransport();
        bus.getExtension(DestinationFactoryManager.class).registerDestinationFactory(InProcessTransport.TRANSPORT_ID, transport);
        for (SoapService service : services) {
            JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
            factory.setBus(bus);
            factory.setServiceBean(service.implementor());
            java.net.URL wsdl = service.implementor().getClass().getClassLoader().getResource(service.wsdlResource());
            if (wsdl == null) {
                throw new IllegalStateException("WSDL not found on the classpath: " + service.wsdlResource());
            }
            factory.setWsdlLocation(wsdl.toExternalForm());
            factory.setAddress("opennsp://soap/" + service.path());
            factory.setTransportId(InProcessTransport.TRANSPORT_ID);
            factory.setDestinationFactory(transport);
            // ?wsdl names the address the client called, not the one written in the WSDL file
            factory.getProperties(true).put("autoRewriteSoapAddressForAllServices", Boolean.TRUE);
            factory.getInInterceptors().add(new DgwsInInterceptor(authenticator, service.changesState() ? retransmissions : null));
            factory.getOutInterceptors().add(new DgwsOutInterceptor(false));
            factory.getOutFaultInterceptors().add(new DgwsOutInterceptor(true));
            factory.getOutFaultInterceptors().add(new DgwsFaultInterceptor());
            Server server = factory.create();
            destinations.put(service.path(), server.getDestination());
            messageLimits.put(service.path(), service.maxMessageSize());
        }
    }

    /** A request as the HTTP layer received it; {@code xml} is null when the body was refused before parsing. */
    public record SoapRequest(String path, String method, String query, String contentType, String soapAction,
                              String requestUrl, byte[] body, String xml, DgwsException rejection) {
    }

    /** @param retryAfter seconds for a Retry-After header (overload, quota, store outage), or null */
    public record SoapReply(int status, String contentType, byte[] body, String retryAfter) {
    }

    /** The largest request the service at this path accepts, or {@code platformLimit} when it has no limit of its own. */
    public int messageLimit(String path, int platformLimit) {
        int own = messageLimits.getOrDefault(path, 0);
        return own > 0 ? own : platformLimit;
    }

    public boolean publishes(String path) {
        return destinations.containsKey(path);
    }

    public Optional<SoapReply> dispatch(SoapRequest request) {
        Destination destination = destinations.get(request.path());
        if (destination == null) {
            return Optional.empty();
        }
        MessageImpl message = new MessageImpl();
        message.setContent(InputStream.class, new ByteArrayInputStream(request.body()));
        message.put(Message.HTTP_REQUEST_METHOD, request.method());
        message.put(Message.QUERY_STRING, request.query());
        message.put(Message.CONTENT_TYPE, request.contentType() == null ? "text/xml; charset=UTF-8" : request.contentType());
        message.put(Message.ENCODING, "UTF-8");
        message.put(Message.REQUEST_URL, request.requestUrl());
        message.put(Message.REQUEST_URI, "/soap/" + request.path());
        message.put(Message.PATH_INFO, "/soap/" + request.path());
        if (request.soapAction() != null) {
            // CXF's SoapActionInInterceptor refuses a SOAPAction that names another operation than the body
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.put("SOAPAction", List.of(request.soapAction()));
            message.put(Message.PROTOCOL_HEADERS, headers);
        }
        message.put(DgwsInInterceptor.RAW_XML, request.xml());
        message.put(DgwsInInterceptor.REJECTION, request.rejection());
        message.setDestination(destination);
        Exchange exchange = new ExchangeImpl();
        exchange.setInMessage(message);
        message.setExchange(exchange);
        ByteArrayOutputStream response = new ByteArrayOutputStream(4096);
        exchange.put(InProcessTransport.RESPONSE_BUFFER, response);
        if ("GET".equals(request.method()) && isMetadataQuery(request.query())) {
            exchange.put(METADATA_REQUEST, Boolean.TRUE);
        }
        long started = System.nanoTime();
        destination.getMessageObserver().onMessage(message);
        if (exchange.get(REPLAY) instanceof byte[] replay) {
            observe(request.path(), exchange, 200, started);
            return Optional.of(new SoapReply(200, "text/xml; charset=UTF-8", replay, null));
        }
        Object status = exchange.get(Message.RESPONSE_CODE);
        if (exchange.get(METADATA_REQUEST) == null) {
            observe(request.path(), exchange, status instanceof Integer code ? code : 200, started);
        }
        if (exchange.get(REMEMBER_AS) instanceof Long id) {
            remember(id, status instanceof Integer code ? code : 200, response.toByteArray());
        }
        if (exchange.get(METADATA_REQUEST) != null && status instanceof Integer code && code >= 400) {
            throw ApiException.notFound("No such WSDL or schema document at /soap/" + request.path());
        }
        return Optional.of(new SoapReply(status instanceof Integer code ? code : 200, "text/xml; charset=UTF-8",
                response.toByteArray(), (String) exchange.get(RETRY_AFTER)));
    }

    private void observe(String service, Exchange exchange, int status, long started) {
        long nanos = System.nanoTime() - started;
        BindingOperationInfo operation = exchange.getBindingOperationInfo();
        String operationName = operation == null ? SoapCalls.UNRESOLVED : operation.getName().getLocalPart();
        FaultCode fault = exchange.get(FaultCode.class);
        if (fault != null) {
            refusals.record(Refusals.SOAP, status, fault.wireValue());
        }
        for (SoapCalls observer : observers) {
            observer.served(service, operationName, fault == null ? SoapCalls.OK : fault.wireValue(), status, nanos);
        }
    }

    /** Only a success is replayed; after a fault, sending the request again executes it again. */
    private void remember(long id, int status, byte[] response) {
        try {
            if (status == 200) {
                retransmissions.complete(id, response);
            } else {
                retransmissions.abandon(id);
            }
        } catch (RuntimeException e) {
            // the work is done and its answer goes out; a retransmission waits out the pending entry, then runs again
            LOG.warn("The answer to a state-changing DGWS request could not be remembered: {}", e.toString());
        }
    }

    static boolean isMetadataQuery(String query) {
        if (query == null) {
            return false;
        }
        for (String part : query.split("&")) {
            String name = part.split("=", 2)[0];
            if (name.equalsIgnoreCase("wsdl") || name.equals("xsd")) {
                return true;
            }
        }
        return false;
    }

    @PreDestroy
    void shutdown() {
        bus.shutdown(false);
    }
}
