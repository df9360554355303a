package dk.opennsp.soap;

import dk.opennsp.security.dgws.DgwsException;
import dk.opennsp.security.dgws.FaultCode;
import dk.opennsp.security.error.ApiException;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.format.ReadableBytes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.core.annotation.Nullable;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP face of the SOAP gateway: {@code /soap/{service}} on the same port as REST/FHIR.
 * POST carries DGWS requests, GET {@code ?wsdl} / {@code ?xsd=} the service description; any
 * other method gets the DGWS {@code illegal_http_method} fault.
 */
@Controller("/soap")
public class SoapController {
    private static final byte[] EMPTY = new byte[0];

    private final SoapGateway gateway;
    private final int maxMessageSize;
    private final io.micronaut.http.server.util.HttpHostResolver hosts;

    public SoapController(SoapGateway gateway, @Value("${opennsp.soap.max-message-size:512KB}") @ReadableBytes int maxMessageSize,
                          io.micronaut.http.server.util.HttpHostResolver hosts) {
        this.hosts = hosts;
        this.gateway = gateway;
        this.maxMessageSize = maxMessageSize;
    }

    @Post(uri = "/{service}", consumes = MediaType.ALL, produces = MediaType.TEXT_XML)
    public HttpResponse<byte[]> post(String service, HttpRequest<?> request, @Nullable @Body byte[] body) {
        byte[] bytes = body == null ? EMPTY : body;
        String xml = null;
        DgwsException rejection = null;
        int limit = gateway.messageLimit(service, maxMessageSize);
        if (!isSoap11ContentType(request)) {
            rejection = new DgwsException(FaultCode.SYNTAX_ERROR, "DGWS requests are SOAP 1.1 and must be sent as text/xml", 415, null);
        } else if (bytes.length > limit) {
            rejection = new DgwsException(FaultCode.SYNTAX_ERROR, "The message exceeds the limit of " + limit + " bytes", 413, null);
        } else if (bytes.length == 0) {
            rejection = new DgwsException(FaultCode.SYNTAX_ERROR, "The request has no body");
        } else {
            try {
                xml = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                rejection = new DgwsException(FaultCode.SYNTAX_ERROR, "DGWS messages must be UTF-8 encoded");
            }
        }
        return dispatch(service, request, xml == null ? EMPTY : bytes, xml, rejection);
    }

    @Get(uri = "/{service}", produces = MediaType.TEXT_XML)
    public HttpResponse<byte[]> get(String service, HttpRequest<?> request) {
        return dispatch(service, request, EMPTY, null, null);
    }

    @Put(uri = "/{service}", consumes = MediaType.ALL, produces = MediaType.TEXT_XML)
    public HttpResponse<byte[]> put(String service, HttpRequest<?> request) {
        return dispatch(service, request, EMPTY, null, null);
    }

    @Delete(uri = "/{service}", produces = MediaType.TEXT_XML)
    public HttpResponse<byte[]> delete(String service, HttpRequest<?> request) {
        return dispatch(service, request, EMPTY, null, null);
    }

    @Patch(uri = "/{service}", consumes = MediaType.ALL, produces = MediaType.TEXT_XML)
    public HttpResponse<byte[]> patch(String service, HttpRequest<?> request) {
        return dispatch(service, request, EMPTY, null, null);
    }

    /** SOAP 1.1 travels as text/xml (charset optional); JSON, forms or SOAP 1.2's application/soap+xml do not. */
    static boolean isSoap11ContentType(HttpRequest<?> request) {
        return request.getContentType().map(type -> type.getType().equalsIgnoreCase("text") && type.getSubtype().equalsIgnoreCase("xml"))
                .orElse(false);
    }

    private HttpResponse<byte[]> dispatch(String service, HttpRequest<?> request, byte[] body, String xml, DgwsException rejection) {
        // the address the client called (Forwarded / X-Forwarded-* behind a load balancer): the WSDL's soap:address
        String url = hosts.resolve(request) + "/soap/" + service;
        SoapGateway.SoapReply reply = gateway.dispatch(new SoapGateway.SoapRequest(service, request.getMethodName(),
                        request.getUri().getRawQuery(), request.getContentType().map(MediaType::toString).orElse(null),
                        request.getHeaders().get("SOAPAction"), url, body, xml, rejection))
                .orElseThrow(() -> ApiException.notFound("No SOAP service at /soap/" + service));
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(HttpStatus.valueOf(reply.status()))
                .contentType(reply.contentType())
                .body(reply.body());
        if (reply.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, reply.retryAfter());
        }
        return response;
    }

}
