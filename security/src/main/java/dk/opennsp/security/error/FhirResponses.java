package dk.opennsp.security.error;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** FHIR responses in the negotiated encoding, with the right media type. */
@Singleton
public class FhirResponses {
    private final FhirCodec fhir;

    public FhirResponses(FhirCodec fhir) {
        this.fhir = fhir;
    }

    public MutableHttpResponse<String> ok(FhirOutput output, IBaseResource resource) {
        return status(output, HttpStatus.OK, resource);
    }

    public MutableHttpResponse<String> status(FhirOutput output, HttpStatus status, IBaseResource resource) {
        return HttpResponse.<String>status(status).contentType(output.format().mediaType()).body(fhir.write(resource, output));
    }
}
