package dk.opennsp.security.http;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.error.ApiException;
import io.micronaut.http.HttpParameters;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Strict FHIR search parameter handling: an unknown or repeated parameter is an error, not ignored. */
public final class SearchParameters {
    /** Accepted on every search; _format only in its JSON spellings. */
    private static final Set<String> COMMON = Set.of("_format");
    private static final Set<String> JSON_FORMATS = Set.of("json", "application/json", "application/fhir+json");

    private final HttpParameters parameters;

    private SearchParameters(HttpParameters parameters) {
        this.parameters = parameters;
    }

    public static SearchParameters of(HttpParameters parameters, Set<String> supported) {
        Set<String> unknown = new TreeSet<>();
        for (String name : parameters.names()) {
            if (!supported.contains(name) && !COMMON.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.notSupported("Unknown search parameter(s) " + unknown + "; supported: " + new TreeSet<>(supported));
        }
        SearchParameters result = new SearchParameters(parameters);
        String format = result.optional("_format");
        if (format != null && !JSON_FORMATS.contains(format)) {
            throw ApiException.notSupported("Only JSON is supported (_format=json)");
        }
        return result;
    }

    public String optional(String name) {
        List<String> values = parameters.getAll(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1 || values.get(0).contains(",")) {
            throw ApiException.badRequest("Search parameter " + name + " takes exactly one value");
        }
        return values.get(0);
    }

    public String required(String name) {
        String value = optional(name);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Search parameter " + name + " is required");
        }
        return value;
    }

    /** Parses {@code system|value} token parameters, requiring the given system. */
    public static String tokenValue(String name, String token, String system) {
        int bar = token.indexOf('|');
        if (bar < 0 || !token.substring(0, bar).equals(system)) {
            throw ApiException.badRequest(name + " must be " + system + "|{value}");
        }
        return token.substring(bar + 1);
    }

    /** The citizen named by {@code patient.identifier=urn:oid:1.2.208.176.1.2|{cpr}}. */
    public String patientCpr() {
        String cpr = tokenValue("patient.identifier", required("patient.identifier"), Identifiers.CPR_SYSTEM);
        if (!Identifiers.isCpr(cpr)) {
            throw ApiException.badRequest("CPR number must be exactly 10 digits");
        }
        return cpr;
    }
}
