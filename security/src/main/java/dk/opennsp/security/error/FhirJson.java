package dk.opennsp.security.error;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** FHIR R4 JSON via HAPI: the one place resources are parsed and serialised. */
@Singleton
public class FhirJson {
    public static final String MEDIA_TYPE = "application/fhir+json";
    public static final MediaType FHIR_JSON = MediaType.of(MEDIA_TYPE);

    private final FhirContext context;

    public FhirJson() {
        context = FhirContext.forR4Cached();
        // unknown elements in client input are errors, not silently dropped data
        context.setParserErrorHandler(new StrictErrorHandler());
    }

    public String write(IBaseResource resource) {
        return context.newJsonParser().encodeResourceToString(resource);
    }

    /** Parses client input; any syntax or structure problem becomes a 400 with HAPI's explanation. */
    public <T extends IBaseResource> T read(Class<T> type, String json) {
        if (json == null || json.isBlank()) {
            throw ApiException.badRequest("Request body is empty; a " + type.getSimpleName() + " resource is required");
        }
        IParser parser = context.newJsonParser();
        try {
            return parser.parseResource(type, json);
        } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
            throw ApiException.badRequest("Malformed " + type.getSimpleName() + " JSON: " + firstLine(e.getMessage()));
        }
    }

    public static OperationOutcome outcome(IssueSeverity severity, IssueType type, String diagnostics) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(severity).setCode(type).setDiagnostics(diagnostics);
        return outcome;
    }

    /** The OperationOutcome of an error response: fatal for server errors, error for client errors. */
    public static OperationOutcome errorOutcome(int status, IssueType type, String diagnostics) {
        return outcome(status >= 500 ? IssueSeverity.FATAL : IssueSeverity.ERROR, type, diagnostics);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
