package dk.opennsp.services.web;

import dk.opennsp.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.util.Map;

/**
 * Citizen login and logout for the pages: {@code /login} starts the OpenID Connect flow, the provider
 * sends the browser back to {@code /login/callback}, {@code POST /logout} ends the session.
 */
@Hidden
@Controller
public class LoginController {
    private final OidcLogin oidc;
    private final CitizenSessions sessions;
    private final PageSessions pages;

    public LoginController(OidcLogin oidc, CitizenSessions sessions, PageSessions pages) {
        this.oidc = oidc;
        this.sessions = sessions;
        this.pages = pages;
    }

    @Get(value = "/login", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> login(HttpRequest<?> request, @Nullable @QueryValue("return") String returnTo) {
        try {
            OidcLogin.Start start = oidc.start(pages.redirectUri(request), PageSessions.safeReturnPath(returnTo));
            String pending = sessions.beginLogin(start.pending());
            return HttpResponse.status(HttpStatus.FOUND).headers(h -> h.location(start.authorizationUri()))
                    .cookie(pages.cookie(request, pending));
        } catch (OidcLogin.LoginFailed e) {
            return failed(e);
        }
    }

    @Get(value = "/login/callback", produces = MediaType.TEXT_HTML)
    public HttpResponse<?> callback(HttpRequest<?> request) {
        String pendingId = pages.sessionId(request);
        var pending = sessions.pendingLogin(pendingId);
        if (pending.isEmpty()) {
            return Pages.error(HttpStatus.BAD_REQUEST, "Login er udløbet eller blev startet i en anden browser. Prøv at logge ind igen.");
        }
        try {
            URI callback = URI.create(pages.redirectUri(request) + (request.getUri().getRawQuery() == null ? "" : "?" + request.getUri().getRawQuery()));
            Caller citizen = oidc.complete(callback, pages.redirectUri(request), pending.get());
            String session = sessions.completeLogin(pendingId, citizen);
            return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create(pending.get().returnTo())))
                    .cookie(pages.cookie(request, session));
        } catch (OidcLogin.LoginFailed e) {
            sessions.end(pendingId);
            return failed(e).cookie(pages.expired(request));
        }
    }

    @Post(value = "/logout", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> logout(HttpRequest<?> request, @Nullable @Body Map<String, String> form) {
        var session = pages.session(request);
        if (session.isPresent()) {
            try {
                pages.checkForm(request, session.get(), form == null ? null : form.get(PageSessions.CSRF_FIELD));
            } catch (dk.opennsp.security.error.ApiException e) {
                return Pages.error(e.status(), e.getMessage());
            }
            sessions.end(session.get().id());
        }
        return HttpResponse.status(HttpStatus.SEE_OTHER).headers(h -> h.location(URI.create("/?logget-ud")))
                .cookie(pages.expired(request));
    }

    private static io.micronaut.http.MutableHttpResponse<ModelAndView<Map<String, Object>>> failed(OidcLogin.LoginFailed e) {
        return Pages.error(e.providerUnavailable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
