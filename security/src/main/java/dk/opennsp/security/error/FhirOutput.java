package dk.opennsp.security.error;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a FHIR response is to be written, from the request's {@code _format}, {@code Accept},
 * {@code _pretty}, {@code _summary} and {@code _elements}. {@code _summary=count} is the search's
 * business ({@link #countOnly()}); the rest is applied by {@link FhirCodec}.
 */
public record FhirOutput(FhirFormat format, boolean pretty, boolean summary, boolean countOnly, Set<String> elements) {
    /** The output parameters every FHIR interaction accepts, on top of its own. */
    public static final Set<String> PARAMETERS = Set.of("_format", "_pretty", "_summary", "_elements");
    public static final FhirOutput JSON = new FhirOutput(FhirFormat.JSON, false, false, false, Set.of());

    private static final Pattern ELEMENT = Pattern.compile("[a-zA-Z][a-zA-Z0-9]{0,63}(\\[x])?");
    private static final int MAX_ELEMENTS = 50;

    /** Strict: an unreadable value is a 400, an encoding the client cannot take a 406. */
    public static FhirOutput of(HttpParameters parameters, HttpRequest<?> request) {
        FhirFormat format = FhirFormat.negotiate(single(parameters, "_format"), request.getHeaders().get(HttpHeaders.ACCEPT))
                .orElseThrow(FhirFormat::notAcceptable);
        boolean pretty = flag(single(parameters, "_pretty"), "_pretty");
        String summary = single(parameters, "_summary");
        if (summary != null && !Set.of("true", "false", "data", "count").contains(summary)) {
            throw ApiException.notSupported("_summary must be true, false, data or count");
        }
        Set<String> elements = elements(parameters.getAll("_elements"));
        if (!elements.isEmpty() && summary != null && !summary.equals("false")) {
            throw ApiException.badRequest("_summary and _elements cannot be combined");
        }
        return new FhirOutput(format, pretty, "true".equals(summary), "count".equals(summary), elements);
    }

    /** For an error about {@code request}: its FHIR encoding if it names one, otherwise JSON. Never fails. */
    public static FhirOutput forError(HttpRequest<?> request) {
        if (request == null || !request.getPath().startsWith("/fhir")) {
            return JSON;
        }
        String format = request.getParameters().get("_format");
        FhirFormat chosen = FhirFormat.negotiate(format, request.getHeaders().get(HttpHeaders.ACCEPT))
                .or(() -> FhirFormat.negotiate(null, request.getHeaders().get(HttpHeaders.ACCEPT)))
                .orElse(FhirFormat.JSON);
        return chosen == FhirFormat.JSON ? JSON : new FhirOutput(chosen, false, false, false, Set.of());
    }

    private static String single(HttpParameters parameters, String name) {
        List<String> values = parameters.getAll(name);
        if (values.size() > 1) {
            throw ApiException.badRequest("Parameter " + name + " takes exactly one value");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static boolean flag(String value, String name) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.badRequest(name + " must be true or false");
    }

    private static Set<String> elements(List<String> values) {
        Set<String> elements = new LinkedHashSet<>();
        for (String value : values) {
            for (String element : value.split(",")) {
                String name = element.trim();
                if (!ELEMENT.matcher(name).matches()) {
                    throw ApiException.badRequest("_elements lists element names separated by commas, e.g. _elements=status,effective");
                }
                elements.add(name);
            }
        }
        if (elements.size() > MAX_ELEMENTS) {
            throw ApiException.badRequest("_elements names at most " + MAX_ELEMENTS + " elements");
        }
        return Set.copyOf(elements);
    }
}
