package dk.opennsp.services.web;

import dk.opennsp.security.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Citizen web sessions, in the database so any node serves any session. The browser holds only a random
 * session id (HttpOnly cookie); the table holds its SHA-256, the citizen the login established and the
 * session's CSRF token. A login first creates a pending session (the OpenID Connect state, nonce and PKCE
 * verifier); the callback replaces it with a new session id for the citizen, so an id planted before the
 * login is worthless after it.
 */
@Singleton
public class CitizenSessions {
    private static final Logger LOG = LoggerFactory.getLogger(CitizenSessions.class);
    /** A login must come back from the identity provider within this long. */
    static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Rows rows;
    private final Clock clock;
    private final Duration timeout;

    public CitizenSessions(Rows rows, Clock clock, CitizenLoginConfiguration configuration) {
        this.rows = rows;
        this.clock = clock;
        this.timeout = configuration.getSessionTimeout();
    }

    /** A logged-in citizen: who (as the one caller model) and the token every form must carry. */
    public record Session(String id, Caller caller, String csrfToken) {
    }

    /** A login under way: what the callback must check. */
    public record PendingLogin(String state, String nonce, String codeVerifier, String returnTo) {
    }

    /** Starts a login; returns the new (pending) session id for the cookie. */
    public String beginLogin(PendingLogin login) {
        String id = newSecret();
        Instant now = clock.instant();
        rows.save(new Row(hash(id), login.state(), login.nonce(), login.codeVerifier(), login.returnTo(),
                null, null, null, null, null, null, null, newSecret(), now, now.plus(LOGIN_TIMEOUT)));
        return id;
    }

    /** The login the cookie's session started, if it is still pending and not expired. */
    public Optional<PendingLogin> pendingLogin(@Nullable String sessionId) {
        return live(sessionId).filter(r -> r.cpr() == null && r.loginState() != null)
                .map(r -> new PendingLogin(r.loginState(), r.loginNonce(), r.codeVerifier(), r.returnTo()));
    }

    /** Ends the pending login and opens the citizen's session under a new id, which is returned. */
    public String completeLogin(String pendingSessionId, Caller citizen) {
        rows.deleteById(hash(pendingSessionId));
        String id = newSecret();
        Instant now = clock.instant();
        Caller.OnBehalfOf obo = citizen.onBehalfOf();
        rows.save(new Row(hash(id), null, null, null, null, citizen.subject(), citizen.cpr(), citizen.givenName(),
                citizen.familyName(), citizen.assuranceLevel(),
                obo == null ? null : obo.relation(), obo == null ? null : obo.cpr(), newSecret(), now, now.plus(timeout)));
        return id;
    }

    /** The logged-in citizen of this session id; extends the session while it is used. */
    public Optional<Session> find(@Nullable String sessionId) {
        return live(sessionId).filter(r -> r.cpr() != null).map(r -> {
            Instant now = clock.instant();
            // extend at most once a minute: a page view is not worth a write each time
            if (r.expiresAt().isBefore(now.plus(timeout).minusSeconds(60))) {
                rows.extend(r.idHash(), now.plus(timeout));
            }
            Caller.OnBehalfOf obo = r.onBehalfRelation() == null ? null : new Caller.OnBehalfOf(r.onBehalfRelation(), r.onBehalfCpr(), null);
            Caller caller = new Caller(Caller.UserType.CITIZEN, r.subject(), r.cpr(), r.givenName(), r.familyName(),
                    null, null, null, null, obo, Caller.PurposeOfUse.TREAT, null, r.assurance(), Caller.TokenModel.OIDC_SESSION);
            return new Session(sessionId, caller, r.csrfToken());
        });
    }

    public void end(@Nullable String sessionId) {
        if (sessionId != null) {
            rows.deleteById(hash(sessionId));
        }
    }

    private Optional<Row> live(@Nullable String sessionId) {
        if (sessionId == null || sessionId.length() > 100) {
            return Optional.empty();
        }
        return rows.findById(hash(sessionId)).filter(r -> r.expiresAt().isAfter(clock.instant()));
    }

    @Scheduled(fixedDelay = "5m", initialDelay = "1m")
    void purge() {
        try {
            rows.purge(clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Expired citizen sessions could not be purged: {}", e.toString());
        }
    }

    /** 256 random bits, URL-safe: session ids, CSRF tokens, the dev provider's client secret. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares two secrets in time independent of where they differ. */
    static boolean same(@Nullable String a, @Nullable String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @MappedEntity("citizen_session")
    public record Row(@Id String idHash, @Nullable String loginState, @Nullable String loginNonce, @Nullable String codeVerifier,
                      @Nullable String returnTo, @Nullable String subject, @Nullable String cpr, @Nullable String givenName,
                      @Nullable String familyName, @Nullable String assurance, @Nullable String onBehalfRelation,
                      @Nullable String onBehalfCpr, String csrfToken, Instant createdAt, Instant expiresAt) {
    }

    @JdbcRepository(dialect = Dialect.POSTGRES)
    public interface Rows extends CrudRepository<Row, String> {
        @Query("UPDATE citizen_session SET expires_at = :expiresAt WHERE id_hash = :idHash")
        void extend(String idHash, Instant expiresAt);

        @Query("DELETE FROM citizen_session WHERE expires_at < :now")
        int purge(Instant now);
    }
}
