package dk.opennsp.services.fhir;

import dk.opennsp.security.error.ApiException;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.simple.SimpleHttpParameters;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** POST {@code [type]/_search}: the form body's parameters and the query string's count as one search. */
public final class SearchForms {
    /** A search form is small: a patient or a name, paging and output parameters. */
    static final int MAX_FORM = 4096;

    private SearchForms() {
    }

    public static HttpParameters merged(HttpParameters query, String form) {
        Map<CharSequence, List<String>> all = new LinkedHashMap<>();
        query.forEach((name, values) -> all.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        if (form != null && !form.isBlank()) {
            if (form.length() > MAX_FORM) {
                throw ApiException.badRequest("A _search form is at most " + MAX_FORM + " characters");
            }
            new QueryStringDecoder(form, StandardCharsets.UTF_8, false).parameters()
                    .forEach((name, values) -> all.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        }
        return new SimpleHttpParameters(all, ConversionService.SHARED);
    }
}
