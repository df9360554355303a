package dk.opennsp.services.web;

import dk.opennsp.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.views.ModelAndView;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every citizen page shows: who is logged in, the CSRF token for its forms, whom they may act for. */
final class Pages {
    static final ZoneId DANISH_TIME = ZoneId.of("Europe/Copenhagen");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd-MM-yyyy 'kl.' HH:mm").withZone(DANISH_TIME);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd-MM-yyyy").withZone(DANISH_TIME);

    private Pages() {
    }

    /** A person the logged-in citizen may choose to see pages for: themselves or whom they act for. */
    record Person(String cpr, String label, boolean selected) {
    }

    static Map<String, Object> model(@Nullable CitizenSessions.Session session, @Nullable String subjectCpr) {
        Map<String, Object> model = new HashMap<>();
        model.put("loggedIn", session != null);
        if (session != null) {
            Caller c = session.caller();
            model.put("name", c.displayName());
            model.put("csrf", session.csrfToken());
            List<Person> people = new ArrayList<>();
            String selected = subjectCpr == null ? c.cpr() : subjectCpr;
            people.add(new Person(c.cpr(), "Mig selv (" + c.displayName() + ")", c.cpr().equals(selected)));
            Caller.OnBehalfOf obo = c.onBehalfOf();
            if (obo != null && obo.isCitizenRelation() && obo.cpr() != null) {
                String relation = "custody".equals(obo.relation()) ? "barn, forældremyndighed" : "fuldmagt";
                people.add(new Person(obo.cpr(), maskedCpr(obo.cpr()) + " (" + relation + ")", obo.cpr().equals(selected)));
            }
            model.put("people", people);
            model.put("actingForOther", !c.cpr().equals(selected));
            model.put("subjectCpr", selected);
        }
        return model;
    }

    static MutableHttpResponse<ModelAndView<Map<String, Object>>> view(HttpStatus status, String view, Map<String, Object> model) {
        return HttpResponse.<ModelAndView<Map<String, Object>>>status(status).body(new ModelAndView<>(view, model));
    }

    static MutableHttpResponse<ModelAndView<Map<String, Object>>> error(HttpStatus status, String message) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("loggedIn", false);
        model.put("message", message);
        model.put("status", status.getCode());
        return view(status, "error", model);
    }

    static String when(@Nullable Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    static String day(@Nullable Instant instant) {
        return instant == null ? "" : DAY.format(instant);
    }

    /** Birth date and the last four masked: enough to tell people apart on one's own screen. */
    static String maskedCpr(String cpr) {
        return cpr.substring(0, 6) + "-xxxx";
    }
}
