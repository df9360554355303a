package dk.opennsp.security.error;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import jakarta.inject.Singleton;

import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;

/**
 * FHIR R4 JSON and XML via HAPI: the one place resources are parsed and serialised. Plain compact JSON,
 * what nearly every response is, is written by {@link CompactFhirJson}, ten times cheaper and the same text.
 */
@Singleton
public class FhirCodec {

    private final FhirContext context;

    public FhirCodec() {
        context = FhirContext.forR4Cached();
        // unknown elements in client input are errors, not silently dropped data
        context.setParserErrorHandler(new StrictErrorHandler());
    }

    /** In the negotiated encoding; {@code _summary=true} and {@code _elements} apply to a bundle's entries. */
    public String write(IBaseResource resource, FhirOutput output) {
        if (output.format() == FhirFormat.JSON && !output.pretty() && !output.summary() && output.elements().isEmpty()
                && resource instanceof Resource r4 && CompactFhirJson.writesAsHapi(r4)) {
            return CompactFhirJson.write(r4);
        }
        IParser parser = parser(output.format()).setPrettyPrint(output.pretty());
        if (output.summary()) {
            parser.setSummaryMode(true);
        }
        if (!output.elements().isEmpty()) {
            Set<String> paths = new HashSet<>();
            // an element subset applies to the data; an outcome entry is always shown whole
            output.elements().forEach(element -> paths.add("*." + element));
            paths.add("OperationOutcome");
            parser.setEncodeElements(paths);
            parser.setEncodeElementsAppliesToChildResourcesOnly(resource instanceof Bundle);
        }
        return parser.encodeResourceToString(resource);
    }

    /** Parses client input in the given encoding; any syntax or structure problem becomes a 400. */
    public <T extends IBaseResource> T read(Class<T> type, String body, FhirFormat format) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("Request body is empty; a " + type.getSimpleName() + " resource is required");
        }
        try {
            return parser(format).parseResource(type, body);
        } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
            throw ApiException.badRequest("Malformed " + type.getSimpleName() + " " + format + ": " + firstLine(e.getMessage()));
        }
    }

    private IParser parser(FhirFormat format) {
        return format == FhirFormat.XML ? context.newXmlParser() : context.newJsonParser();
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
