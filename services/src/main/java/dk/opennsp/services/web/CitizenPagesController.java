package dk.opennsp.services.web;

import dk.opennsp.security.error.ApiException;
import dk.opennsp.services.citizen.BlockingsController;
import dk.opennsp.services.citizen.MinLogController;
import dk.opennsp.sor.SorOrganisation;
import dk.opennsp.sor.SorTree;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.uri.UriBuilder;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The citizen's own pages: the front page, MinLog ({@code /minlog}) and MinSpærring ({@code /minspaerring}).
 * They render what the citizen APIs answer, by calling those same endpoints with the session's citizen as the
 * caller: one path, one set of access rules. A page without a session sends the browser to login.
 */
@Hidden
@Controller
public class CitizenPagesController {
    private static final int PAGE_SIZE = 20;
    private static final List<String> KINDS = List.of("PROFESSIONAL", "ORGANISATION", "DATA_FROM_ORGANISATION", "DATA_PERIOD", "ALL",
            "POSITIVE_CONSENT");

    private final PageSessions pages;
    private final MinLogController minLog;
    private final BlockingsController blockings;
    private final SorTree sor;

    public CitizenPagesController(PageSessions pages, MinLogController minLog, BlockingsController blockings, SorTree sor) {
        this.pages = pages;
        this.minLog = minLog;
        this.blockings = blockings;
        this.sor = sor;
    }

    @Get(value = "/", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> front(HttpRequest<?> request, @Nullable @QueryValue("logget-ud") String loggedOut) {
        Map<String, Object> model = Pages.model(pages.session(request).orElse(null), null);
        model.put("loggedOut", loggedOut != null);
        return Pages.view(HttpStatus.OK, "index", model);
    }

    @Get(value = "/minlog", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> minLog(HttpRequest<?> request, @Nullable @QueryValue String cpr, @Nullable @QueryValue String side,
                                  @Nullable @QueryValue String fra, @Nullable @QueryValue String til,
                                  @Nullable @QueryValue String system, @Nullable @QueryValue String organisation) {
        Optional<CitizenSessions.Session> session = pages.session(request);
        if (session.isEmpty()) {
            return toLogin(request);
        }
        Map<String, Object> model = Pages.model(session.get(), blankToNull(cpr));
        model.putAll(Map.of("fra", value(fra), "til", value(til), "system", value(system), "organisation", value(organisation)));
        try {
            int page = side == null || side.isBlank() ? 0 : Integer.parseInt(side.trim()) - 1;
            MinLogController.LogPage log = minLog.read(session.get().caller(), blankToNull(cpr), Integer.toString(Math.max(page, 0)),
                    Integer.toString(PAGE_SIZE), startOfDay(fra), endOfDay(til), blankToNull(system), blankToNull(organisation));
            // an organisation or system in the list is a link that narrows the log to it
            String byOrganisation = "/minlog?" + query(cpr, fra, til, system, null) + "organisation=";
            String bySystem = "/minlog?" + query(cpr, fra, til, null, organisation) + "system=";
            model.put("entries", log.entries().stream().map(e -> entry(e, byOrganisation, bySystem)).toList());
            model.put("total", log.total());
            model.put("page", log.page() + 1);
            model.put("pages", Math.max(log.totalPages(), 1));
            String base = "/minlog?" + query(cpr, fra, til, system, organisation);
            model.put("previous", log.page() > 0 ? base + "side=" + log.page() : null);
            model.put("next", log.page() + 1 < log.totalPages() ? base + "side=" + (log.page() + 2) : null);
            return Pages.view(HttpStatus.OK, "minlog", model);
        } catch (NumberFormatException e) {
            return refused(model, "minlog", ApiException.badRequest("Sidetallet skal være et tal"));
        } catch (ApiException e) {
            return refused(model, "minlog", e);
        }
    }

    @Get(value = "/minspaerring", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> minSpaerring(HttpRequest<?> request, @Nullable @QueryValue String cpr, @Nullable @QueryValue String besked,
                                        @Nullable @QueryValue("soeg-enhed") String unitSearch,
                                        @Nullable @QueryValue String kind, @Nullable @QueryValue String target) {
        Optional<CitizenSessions.Session> session = pages.session(request);
        if (session.isEmpty()) {
            return toLogin(request);
        }
        Map<String, Object> model = Pages.model(session.get(), blankToNull(cpr));
        model.put("message", confirmation(besked));
        // a unit picked from the SOR search comes back with the form filled in
        model.put("form", Map.of("kind", kind != null && KINDS.contains(kind) ? kind : "PROFESSIONAL", "target", value(target)));
        return spaerringPage(session.get(), model, blankToNull(cpr), unitSearch, HttpStatus.OK, null);
    }

    @Post(value = "/minspaerring", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> create(HttpRequest<?> request, @Nullable @Body Map<String, String> form) {
        Optional<CitizenSessions.Session> session = pages.session(request);
        if (session.isEmpty()) {
            return toLogin(request);
        }
        Map<String, String> f = form == null ? Map.of() : form;
        String cpr = blankToNull(f.get("cpr"));
        Map<String, Object> model = Pages.model(session.get(), cpr);
        model.put("form", f);
        try {
            pages.checkForm(request, session.get(), f.get(PageSessions.CSRF_FIELD));
            String kind = f.getOrDefault("kind", "");
            String problem = BlockingForm.problem(kind, blankToNull(f.get("target")), blankToNull(f.get("dataFrom")), blankToNull(f.get("dataTo")));
            if (problem != null) {
                return spaerringPage(session.get(), model, cpr, null, HttpStatus.BAD_REQUEST, problem);
            }
            BlockingsController.BlockingRequest draft = new BlockingsController.BlockingRequest(kind, blankToNull(f.get("target")),
                    "on".equals(f.get("includeSubUnits")), startOfDay(f.get("dataFrom")), endOfDay(f.get("dataTo")),
                    startOfDay(f.get("validFrom")), endOfDay(f.get("validTo")), null, null);
            blockings.create(session.get().caller(), cpr, draft);
            return seeOther("/minspaerring?" + query(cpr) + "besked=" + ("POSITIVE_CONSENT".equals(kind) ? "samtykke-givet" : "oprettet"));
        } catch (ApiException e) {
            // nothing typed is lost: the form comes back filled in, with what to fix
            return spaerringPage(session.get(), model, cpr, null, e.status(), "Det blev ikke gemt: " + e.getMessage());
        }
    }

    @Post(value = "/minspaerring/{id}/ophoer", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> end(HttpRequest<?> request, @PathVariable String id, @Nullable @Body Map<String, String> form) {
        Optional<CitizenSessions.Session> session = pages.session(request);
        if (session.isEmpty()) {
            return toLogin(request);
        }
        Map<String, String> f = form == null ? Map.of() : form;
        String cpr = blankToNull(f.get("cpr"));
        Map<String, Object> model = Pages.model(session.get(), cpr);
        model.put("form", Map.of("kind", "PROFESSIONAL"));
        try {
            pages.checkForm(request, session.get(), f.get(PageSessions.CSRF_FIELD));
            blockings.end(session.get().caller(), id, cpr, null, null);
            return seeOther("/minspaerring?" + query(cpr) + "besked=ophoert");
        } catch (ApiException e) {
            return spaerringPage(session.get(), model, cpr, null, e.status(), "Det blev ikke gemt: " + e.getMessage());
        }
    }

    private HttpResponse<?> spaerringPage(CitizenSessions.Session session, Map<String, Object> model, @Nullable String cpr,
                                          @Nullable String unitSearch, HttpStatus status, @Nullable String problem) {
        model.put("problem", problem);
        model.put("kinds", KINDS);
        model.put("unitSearch", value(unitSearch));
        if (unitSearch != null && unitSearch.trim().length() >= 2) {
            SorTree.Page found = sor.search(null, unitSearch.trim(), null, 0, 20);
            model.put("units", found.items().stream().map(CitizenPagesController::unit).toList());
            model.put("unitsTotal", found.total());
        }
        try {
            model.put("registrations", blockings.list(session.caller(), cpr).stream().map(CitizenPagesController::registration).toList());
        } catch (ApiException e) {
            return refused(model, "minspaerring", e);
        }
        return Pages.view(status, "minspaerring", model);
    }

    private static HttpResponse<?> refused(Map<String, Object> model, String view, ApiException e) {
        // the API's refusal, said to a citizen
        model.put("problem", e.status() == HttpStatus.FORBIDDEN
                ? "Du kan kun se dine egne sider og siderne for dem, du har forældremyndighed over eller fuldmagt fra."
                : e.status().getCode() >= 500 ? "Siden kan ikke vises lige nu. Prøv igen om lidt." : e.getMessage());
        model.putIfAbsent("registrations", List.of());
        model.putIfAbsent("entries", List.of());
        model.putIfAbsent("kinds", KINDS);
        model.putIfAbsent("form", Map.of("kind", "PROFESSIONAL"));
        return Pages.view(e.status(), view, model);
    }

    private HttpResponse<?> toLogin(HttpRequest<?> request) {
        String path = request.getPath() + (request.getUri().getRawQuery() == null ? "" : "?" + request.getUri().getRawQuery());
        return seeOther(UriBuilder.of("/login").queryParam("return", "GET".equals(request.getMethodName()) ? path : request.getPath())
                .build().toString());
    }

    private static HttpResponse<?> seeOther(String location) {
        return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create(location)));
    }

    private static Map<String, Object> entry(MinLogController.EntryView e, String byOrganisation, String bySystem) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("organisationLink", e.organisation().sor() == null ? null : byOrganisation + e.organisation().sor());
        m.put("systemLink", bySystem + java.net.URLEncoder.encode(e.system(), java.nio.charset.StandardCharsets.UTF_8));
        m.put("when", Pages.when(e.when()));
        m.put("who", e.masked() ? null : e.who().name());
        m.put("role", e.who().role());
        m.put("masked", e.masked());
        m.put("organisation", e.organisation().name() == null ? "" : e.organisation().name());
        m.put("system", e.system());
        m.put("activity", e.activity());
        m.put("valueLeap", "Værdispring".equals(e.addition()));
        m.put("consent", "Samtykke".equals(e.addition()));
        m.put("reason", e.reason());
        m.put("onBehalfOf", e.onBehalfOf() == null ? null : e.onBehalfOf().name());
        return m;
    }

    private static Map<String, Object> registration(BlockingsController.BlockingView b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("kind", b.kind());
        m.put("target", b.target() == null ? "" : b.target());
        m.put("includeSubUnits", b.includeSubUnits());
        m.put("period", period(b));
        m.put("created", Pages.when(b.createdAt()));
        m.put("active", b.active());
        return m;
    }

    private static String period(BlockingsController.BlockingView b) {
        String data = b.dataFrom() == null && b.dataTo() == null ? "" : "data fra " + Pages.day(b.dataFrom()) + " til " + Pages.day(b.dataTo()) + "; ";
        String valid = b.validTo() == null ? "gælder indtil videre" : "gælder til " + Pages.day(b.validTo());
        return data + valid;
    }

    private static Map<String, String> unit(SorOrganisation o) {
        return Map.of("code", o.sorCode(), "name", o.name());
    }

    private static String confirmation(@Nullable String key) {
        if (key == null) {
            return null;
        }
        return switch (key) {
            case "oprettet" -> "Din spærring er oprettet. Den gælder fra nu af.";
            case "samtykke-givet" -> "Dit samtykke er registreret.";
            case "ophoert" -> "Registreringen er ophørt.";
            default -> null;
        };
    }

    /** A date picked in the form (yyyy-MM-dd) as the start of that day in Danish time; anything else is passed on as typed. */
    @Nullable
    public static String startOfDay(@Nullable String day) {
        return dayStart(day, 0);
    }

    /** The last day of a period, inclusive: the start of the next day. */
    @Nullable
    public static String endOfDay(@Nullable String day) {
        return dayStart(day, 1);
    }

    @Nullable
    private static String dayStart(@Nullable String day, int daysLater) {
        String d = blankToNull(day);
        if (d == null || !d.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return d;
        }
        try {
            return LocalDate.parse(d).plusDays(daysLater).atStartOfDay(Pages.DANISH_TIME).toInstant().toString();
        } catch (java.time.DateTimeException e) {
            return d;
        }
    }

    private static String query(String... cprAndFilters) {
        String[] names = {"cpr", "fra", "til", "system", "organisation"};
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < cprAndFilters.length; i++) {
            String v = blankToNull(cprAndFilters[i]);
            if (v != null) {
                q.append(names[i]).append('=').append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)).append('&');
            }
        }
        return q.toString();
    }

    private static String value(@Nullable String s) {
        return s == null ? "" : s;
    }

    @Nullable
    private static String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
