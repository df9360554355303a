package dk.opennsp.security.error;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Micronaut's own errors (no route, wrong method, unreadable body, body too large, unhandled
 * exceptions) as OperationOutcomes. Server errors get an opaque reference, the details go to the log.
 */
@Primary
@Singleton
public class OperationOutcomeErrorProcessor implements ErrorResponseProcessor<String> {
    private static final Logger LOG = LoggerFactory.getLogger(OperationOutcomeErrorProcessor.class);
    private final FhirCodec fhir;

    public OperationOutcomeErrorProcessor(FhirCodec fhir) {
        this.fhir = fhir;
    }

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String message;
        Throwable cause = context.getRootCause().orElse(null);
        if (status.getCode() >= 500 && cause != null && StoreFailures.isUnavailable(cause)) {
            // the store could not answer: the client may retry, so say so (never a bare 500)
            ApiException unavailable = StoreFailures.unavailable(cause);
            LOG.warn("{} {} refused with 503: {}", context.getRequest().getMethod(), context.getRequest().getPath(), cause.toString());
            response.status(unavailable.status());
            unavailable.headers().forEach(response::header);
            status = unavailable.status();
            message = unavailable.getMessage();
        } else if (status.getCode() >= 500) {
            String reference = UUID.randomUUID().toString();
            LOG.error("Internal error {} on {} {}", reference, context.getRequest().getMethod(),
                    context.getRequest().getPath(), cause);
            message = "Internal error; reference " + reference;
        } else {
            message = context.getErrors().stream().map(Error::getMessage).map(ClientMessages::withoutInternals)
                    .collect(Collectors.joining("; "));
            if (message.isBlank()) {
                message = status.getReason();
            }
            if (message.length() > 500) {
                message = message.substring(0, 500) + "…";
            }
        }
        MutableHttpResponse<String> typed = (MutableHttpResponse<String>) response;
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            return typed;
        }
        FhirOutput output = FhirOutput.forError(context.getRequest());
        return typed.contentType(output.format().mediaType())
                .body(fhir.write(FhirCodec.errorOutcome(status.getCode(), issueType(status), message), output));
    }

    private static IssueType issueType(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> IssueType.NOTFOUND;
            case METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE, NOT_ACCEPTABLE -> IssueType.NOTSUPPORTED;
            case REQUEST_ENTITY_TOO_LARGE -> IssueType.TOOCOSTLY;
            case UNAUTHORIZED -> IssueType.LOGIN;
            case FORBIDDEN -> IssueType.FORBIDDEN;
            case SERVICE_UNAVAILABLE -> IssueType.TRANSIENT;
            default -> status.getCode() >= 500 ? IssueType.EXCEPTION : IssueType.INVALID;
        };
    }
}
