package dk.opennsp.security.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Builds every error response of the REST side: a FHIR OperationOutcome, never a stack trace. On a
 * FHIR endpoint it is in the encoding the client asked for; elsewhere JSON.
 */
@Singleton
public class ErrorResponses {
    private final FhirResponses fhir;
    private final Refusals refusals;

    public ErrorResponses(FhirResponses fhir, Refusals refusals) {
        this.fhir = fhir;
        this.refusals = refusals;
    }

    /** Before any request exists (pre-rendered refusals at the network edge): JSON. */
    public MutableHttpResponse<String> of(ApiException e) {
        return of(null, e);
    }

    public MutableHttpResponse<String> of(HttpRequest<?> request, ApiException e) {
        MutableHttpResponse<String> response = of(request, e.status(), e.issueType(), e.getMessage());
        e.headers().forEach(response::header);
        return response;
    }

    public MutableHttpResponse<String> of(HttpRequest<?> request, HttpStatus status, IssueType type, String message) {
        if (request != null) {
            // without a request it is a refusal rendered ahead of time; the edge counts those when it sends them
            refusals.record(Refusals.REST, status.getCode(), type.toCode());
        }
        return fhir.status(FhirOutput.forError(request), status, FhirCodec.errorOutcome(status.getCode(), type, message));
    }
}
