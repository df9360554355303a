package dk.opennsp.security.error;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** Builds every error response of the REST side: a FHIR OperationOutcome, never a stack trace. */
@Singleton
public class ErrorResponses {
    private final FhirResponses fhir;

    public ErrorResponses(FhirResponses fhir) {
        this.fhir = fhir;
    }

    public MutableHttpResponse<String> of(ApiException e) {
        MutableHttpResponse<String> response = of(e.status(), e.issueType(), e.getMessage());
        e.headers().forEach(response::header);
        return response;
    }

    public MutableHttpResponse<String> of(HttpStatus status, IssueType type, String message) {
        return fhir.status(status, FhirJson.errorOutcome(status.getCode(), type, message));
    }
}
