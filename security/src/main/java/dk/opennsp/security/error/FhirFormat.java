package dk.opennsp.security.error;

import io.micronaut.http.MediaType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The two encodings of FHIR this server speaks, and content negotiation between them (FHIR R4
 * http.html#mime-type): {@code _format} wins over {@code Accept}; no preference, or a wildcard, means
 * JSON; neither JSON nor XML acceptable means 406.
 */
public enum FhirFormat {
    JSON(FhirFormat.JSON_MEDIA_TYPE),
    XML(FhirFormat.XML_MEDIA_TYPE);

    public static final String JSON_MEDIA_TYPE = "application/fhir+json";
    public static final String XML_MEDIA_TYPE = "application/fhir+xml";
    /** Every media type a FHIR endpoint accepts and produces: for {@code @Produces} and {@code @Consumes}. */
    public static final String JSON_PLAIN = MediaType.APPLICATION_JSON;
    public static final String JSON_LEGACY = "application/json+fhir";
    public static final String XML_PLAIN = MediaType.APPLICATION_XML;
    public static final String XML_LEGACY = "application/xml+fhir";
    public static final String XML_TEXT = MediaType.TEXT_XML;

    private static final Set<String> JSON_NAMES = Set.of("json", JSON_MEDIA_TYPE, JSON_PLAIN, JSON_LEGACY, "text/json");
    private static final Set<String> XML_NAMES = Set.of("xml", XML_MEDIA_TYPE, XML_PLAIN, XML_LEGACY, XML_TEXT);

    private final MediaType mediaType;

    FhirFormat(String mediaType) {
        this.mediaType = MediaType.of(mediaType + ";charset=utf-8");
    }

    public MediaType mediaType() {
        return mediaType;
    }

    /** A {@code _format} value or a media type (parameters ignored); empty when it is neither JSON nor XML. */
    public static Optional<FhirFormat> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        int semicolon = name.indexOf(';');
        String bare = (semicolon < 0 ? name : name.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (JSON_NAMES.contains(bare)) {
            return Optional.of(JSON);
        }
        return XML_NAMES.contains(bare) ? Optional.of(XML) : Optional.empty();
    }

    /** The format to answer in, or empty when the client accepts neither (406). */
    public static Optional<FhirFormat> negotiate(String formatParameter, String accept) {
        if (formatParameter != null && !formatParameter.isBlank()) {
            return named(formatParameter);
        }
        if (accept == null || accept.isBlank()) {
            return Optional.of(JSON);
        }
        record Choice(String type, double quality, int position) {
        }
        List<Choice> choices = new ArrayList<>();
        String[] ranges = accept.split(",");
        for (int i = 0; i < ranges.length; i++) {
            String[] parts = ranges[i].split(";");
            double quality = 1.0;
            for (int p = 1; p < parts.length; p++) {
                String parameter = parts[p].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        quality = 0;
                    }
                }
            }
            choices.add(new Choice(parts[0].trim().toLowerCase(Locale.ROOT), quality, i));
        }
        choices.sort(Comparator.comparingDouble(Choice::quality).reversed().thenComparingInt(Choice::position));
        for (Choice choice : choices) {
            if (choice.quality() <= 0) {
                continue;
            }
            if (choice.type().equals("*/*") || choice.type().equals("application/*")) {
                return Optional.of(JSON);
            }
            Optional<FhirFormat> format = named(choice.type());
            if (format.isPresent()) {
                return format;
            }
        }
        return Optional.empty();
    }

    public static ApiException notAcceptable() {
        return new ApiException(io.micronaut.http.HttpStatus.NOT_ACCEPTABLE,
                org.hl7.fhir.r4.model.OperationOutcome.IssueType.NOTSUPPORTED,
                "This server speaks FHIR JSON (application/fhir+json, _format=json) and FHIR XML "
                        + "(application/fhir+xml, _format=xml)");
    }
}
