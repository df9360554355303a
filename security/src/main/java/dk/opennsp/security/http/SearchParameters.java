package dk.opennsp.security.http;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.FhirOutput;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Strict FHIR search parameter handling: an unknown or repeated parameter is an error, not ignored. */
public final class SearchParameters {

    private final HttpParameters parameters;

    private SearchParameters(HttpParameters parameters) {
        this.parameters = parameters;
    }

    public static SearchParameters of(HttpParameters parameters, Set<String> supported) {
        Set<String> unknown = new TreeSet<>();
        for (String name : parameters.names()) {
            if (!supported.contains(name) && !FhirOutput.PARAMETERS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.notSupported("Unknown search parameter(s) " + unknown + "; supported: " + new TreeSet<>(supported));
        }
        return new SearchParameters(parameters);
    }

    /** A read (any interaction but a search): only the output parameters, and {@code _summary=count} belongs to searches. */
    public static FhirOutput readOutput(HttpRequest<?> request) {
        FhirOutput output = of(request.getParameters(), Set.of()).output(request);
        if (output.countOnly()) {
            throw ApiException.notSupported("_summary=count applies to searches only");
        }
        return output;
    }

    /** How to write the answer: encoding, {@code _summary}, {@code _elements}; 400 or 406 when unusable. */
    public FhirOutput output(HttpRequest<?> request) {
        return FhirOutput.of(parameters, request);
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

    /**
     * The names a search may give the citizen by: {@code patient.identifier}, the typed chain HAPI's client
     * may send ({@code patient:Patient.identifier}), or a conditional reference {@code patient=Patient?identifier=…}.
     */
    public static final Set<String> PATIENT = Set.of("patient.identifier", "patient:Patient.identifier", "patient");
    private static final String PATIENT_QUERY = "Patient?identifier=";

    /**
     * The citizen named by exactly one of {@link #PATIENT}: {@code urn:oid:1.2.208.176.1.2|{cpr}}, or
     * {@code urn:oid:1.2.208.176.1.6.1.1|{ecpr}} for a person registered with a national replacement number.
     */
    public String patientCpr() {
        List<String> given = PATIENT.stream().filter(name -> !parameters.getAll(name).isEmpty()).sorted().toList();
        if (given.isEmpty()) {
            throw ApiException.badRequest("Search parameter patient.identifier is required");
        }
        if (given.size() > 1) {
            throw ApiException.badRequest("Name the patient once: " + given + " were all given");
        }
        String name = given.get(0);
        String token = required(name);
        if (name.equals("patient")) {
            if (!token.startsWith(PATIENT_QUERY)) {
                throw ApiException.badRequest("patient must be Patient?identifier=" + Identifiers.CPR_SYSTEM
                        + "|{cpr}: this server finds citizens by CPR number (or eCPR), not by Patient id");
            }
            token = token.substring(PATIENT_QUERY.length());
        }
        int bar = token.indexOf('|');
        if (bar < 0) {
            throw ApiException.badRequest(name + " must be " + Identifiers.CPR_SYSTEM + "|{cpr} or " + Identifiers.ECPR_SYSTEM + "|{ecpr}");
        }
        String id = token.substring(bar + 1);
        String problem = Identifiers.personIdProblem(token.substring(0, bar), id);
        if (problem != null) {
            throw ApiException.badRequest(name + ": " + problem);
        }
        return id;
    }
}
