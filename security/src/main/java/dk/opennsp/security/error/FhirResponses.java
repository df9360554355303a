package dk.opennsp.security.error;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** FHIR JSON responses with the right media type. */
@Singleton
public class FhirResponses {
    private final FhirJson fhir;

    public FhirResponses(FhirJson fhir) {
        this.fhir = fhir;
    }

    public MutableHttpResponse<String> ok(IBaseResource resource) {
        return status(HttpStatus.OK, resource);
    }

    public MutableHttpResponse<String> status(HttpStatus status, IBaseResource resource) {
        return HttpResponse.<String>status(status).contentType(FhirJson.FHIR_JSON).body(fhir.write(resource));
    }
}
