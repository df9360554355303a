package dk.opennsp.services.web;

import dk.opennsp.security.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.http.server.util.HttpHostResolver;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.Optional;

/**
 * The cookie side of citizen sessions: which session a request carries, how the cookie is set (HttpOnly,
 * SameSite=Lax so the provider's redirect back brings it, Secure except on localhost), and the CSRF check
 * every state-changing form passes: the session's token in the form and, when the browser says where the
 * form came from, this site as its origin.
 */
@Singleton
public class PageSessions {
    public static final String COOKIE = "opennsp_session";
    public static final String CSRF_FIELD = "_csrf";

    private final CitizenSessions sessions;
    private final HttpHostResolver hosts;
    private final CitizenLoginConfiguration configuration;

    public PageSessions(CitizenSessions sessions, HttpHostResolver hosts, CitizenLoginConfiguration configuration) {
        this.sessions = sessions;
        this.hosts = hosts;
        this.configuration = configuration;
    }

    @Nullable
    public String sessionId(HttpRequest<?> request) {
        return request.getCookies().findCookie(COOKIE).map(Cookie::getValue).orElse(null);
    }

    public Optional<CitizenSessions.Session> session(HttpRequest<?> request) {
        return sessions.find(sessionId(request));
    }

    public Cookie cookie(HttpRequest<?> request, String sessionId) {
        return Cookie.of(COOKIE, sessionId).httpOnly(true).sameSite(SameSite.Lax).path("/").secure(!isLocal(request));
    }

    public Cookie expired(HttpRequest<?> request) {
        return cookie(request, "").maxAge(0);
    }

    /** The callback address the provider sends the browser back to. */
    public URI redirectUri(HttpRequest<?> request) {
        String configured = configuration.getRedirectUri();
        return URI.create(configured != null && !configured.isBlank() ? configured : hosts.resolve(request) + "/login/callback");
    }

    /** Refuses a state-changing form post that does not carry this session's CSRF token or comes from another site. */
    public void checkForm(HttpRequest<?> request, CitizenSessions.Session session, @Nullable String token) {
        String origin = request.getHeaders().get("Origin");
        if (origin != null && !origin.equals(hosts.resolve(request))) {
            throw ApiException.forbidden("Formularen kom fra et andet websted");
        }
        if (!CitizenSessions.same(token, session.csrfToken())) {
            throw ApiException.forbidden("Formularen er udløbet eller ikke sendt fra denne side. Genindlæs siden og prøv igen.");
        }
    }

    /** A path on this site to return to after login; anything else (another host, a scheme) is the front page. */
    public static String safeReturnPath(@Nullable String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("\\") || path.length() > 200) {
            return "/";
        }
        return path;
    }

    private boolean isLocal(HttpRequest<?> request) {
        String host = URI.create(hosts.resolve(request)).getHost();
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host) || "::1".equals(host);
    }
}
