package dk.opennsp.services.fhir;

import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.http.SearchParameters;
import io.micronaut.http.HttpParameters;
import org.hl7.fhir.r4.model.Bundle;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The links of a paged bundle: {@code self} repeats the search as asked (a POST {@code _search} as the
 * equivalent GET), {@code next} the same search with one paging parameter moved on.
 */
public final class SearchLinks {
    private SearchLinks() {
    }

    public static void self(Bundle bundle, String url, HttpParameters parameters) {
        bundle.addLink().setRelation("self").setUrl(withQuery(url, query(parameters, null, null)));
    }

    public static void next(Bundle bundle, String url, HttpParameters parameters, String name, String value) {
        bundle.addLink().setRelation("next").setUrl(withQuery(url, query(parameters, name, value)));
    }

    /** A whole-number paging parameter in [min, max], or the fallback when absent; 400 otherwise. */
    public static int number(SearchParameters params, String name, int fallback, int min, int max) {
        String value = params.optional(name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max);
    }

    private static String withQuery(String url, String query) {
        return query.isEmpty() ? url : url + "?" + query;
    }

    /** The parameters as a query string, with {@code name} replaced by {@code value} when given. */
    private static String query(HttpParameters parameters, String name, String value) {
        StringBuilder q = new StringBuilder();
        parameters.forEach((key, values) -> {
            if (!key.equals(name)) {
                for (String v : values) {
                    q.append(q.isEmpty() ? "" : "&").append(enc(key)).append('=').append(enc(v));
                }
            }
        });
        if (name != null) {
            q.append(q.isEmpty() ? "" : "&").append(enc(name)).append('=').append(enc(value));
        }
        return q.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
