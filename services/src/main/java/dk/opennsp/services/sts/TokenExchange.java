package dk.opennsp.services.sts;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dk.opennsp.security.AssuranceLevel;
import dk.opennsp.security.Caller;
import dk.opennsp.security.OrganisationIdType;
import dk.opennsp.security.access.PlatformAudit;
import dk.opennsp.security.dgws.DgwsAuthenticator;
import dk.opennsp.security.dgws.DgwsEnvelope;
import dk.opennsp.security.dgws.DgwsException;
import dk.opennsp.security.dgws.IdCard;
import dk.opennsp.security.dgws.IdCardIssuer;
import dk.opennsp.security.dgws.IdCardIssuer.CardSubject;
import dk.opennsp.security.dgws.IdCardValidator;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.jwt.InvalidTokenException;
import dk.opennsp.security.jwt.JwtCallerMapper;
import dk.opennsp.security.jwt.JwtValidator;
import jakarta.inject.Singleton;

import javax.xml.crypto.dsig.SignatureMethod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * The bridge between the two token worlds (RFC 8693 token exchange): a valid DGWS ID card for a short-
 * lived JWT with the platform's claim profile, and a JWT from a trusted issuer for a signed ID card.
 * Both directions validate the incoming token exactly as the services do (signature, trust chain,
 * revocation, lifetime), map it to the one {@link Caller} model and write the outgoing token from
 * that, so nothing is granted that the caller did not already hold. Every exchange is audited.
 */
@Singleton
public class TokenExchange {
    public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    public static final String SAML2 = "urn:ietf:params:oauth:token-type:saml2";
    public static final String JWT = "urn:ietf:params:oauth:token-type:jwt";
    public static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    /** A signed ID card is a few kilobytes; anything far larger is not one. */
    private static final int MAX_SUBJECT_TOKEN = 64 * 1024;
    /** An exchanged ID card never outlives the token it came from, and never lives longer than this. */
    private static final Duration MAX_CARD_LIFETIME = Duration.ofHours(8);

    private final IdCardValidator cards;
    private final JwtValidator jwts;
    private final JwtCallerMapper mapper;
    private final StsKeys keys;
    private final StsSettings settings;
    private final StsCardSigner cardSigner;
    private final PlatformAudit audit;
    private final Clock clock;

    public TokenExchange(IdCardValidator cards, JwtValidator jwts, JwtCallerMapper mapper, StsKeys keys, StsSettings settings,
                         StsCardSigner cardSigner, PlatformAudit audit, Clock clock) {
        this.cards = cards;
        this.jwts = jwts;
        this.mapper = mapper;
        this.keys = keys;
        this.settings = settings;
        this.cardSigner = cardSigner;
        this.audit = audit;
        this.clock = clock;
    }

    /** The exchange's answer (RFC 8693 §2.2.1). */
    public record Issued(String accessToken, String issuedTokenType, String tokenType, long expiresIn) {
    }

    public Issued exchange(String grantType, String subjectToken, String subjectTokenType, String requestedTokenType) {
        if (!GRANT_TYPE.equals(grantType)) {
            throw new StsException("unsupported_grant_type", "grant_type must be " + GRANT_TYPE);
        }
        if (subjectToken == null || subjectToken.isBlank()) {
            throw StsException.invalidRequest("subject_token is required");
        }
        if (subjectToken.length() > MAX_SUBJECT_TOKEN) {
            throw StsException.invalidRequest("subject_token is larger than " + MAX_SUBJECT_TOKEN + " characters");
        }
        if (SAML2.equals(subjectTokenType)) {
            requireRequested(requestedTokenType, JWT, ACCESS_TOKEN);
            return cardToJwt(decodeCard(subjectToken));
        }
        if (JWT.equals(subjectTokenType) || ACCESS_TOKEN.equals(subjectTokenType)) {
            requireRequested(requestedTokenType, SAML2);
            return jwtToCard(subjectToken.trim());
        }
        throw StsException.invalidRequest("subject_token_type must be " + SAML2 + " (an ID card) or " + JWT);
    }

    private static void requireRequested(String requested, String... allowed) {
        if (requested == null || requested.isBlank()) {
            return;
        }
        for (String a : allowed) {
            if (a.equals(requested)) {
                return;
            }
        }
        throw StsException.invalidRequest("requested_token_type " + requested + " cannot be issued for this subject_token_type");
    }

    private static String decodeCard(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw StsException.invalidRequest("subject_token must be the signed saml:Assertion, base64url-encoded");
        }
    }

    private Issued cardToJwt(String cardXml) {
        if (!keys.enabled()) {
            throw StsException.invalidRequest("This platform's STS has no signing key (opennsp.sts.signing-key)");
        }
        IdCard card;
        try {
            card = cards.validate(new DgwsEnvelope.CardBytes(cardXml, Map.of()));
        } catch (DgwsException e) {
            throw StsException.invalidGrant("The ID card is not valid: " + e.getMessage());
        }
        Caller caller = DgwsAuthenticator.callerOf(card);
        Instant now = clock.instant();
        Instant expiry = min(now.plus(settings.tokenLifetime()), card.notOnOrAfter());
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer()).audience(settings.audience()).subject(caller.subject())
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(expiry)).jwtID(jti)
                .claim("user_type", caller.is(Caller.UserType.PROFESSIONAL) ? "professional" : "system")
                .claim("assurance_level", caller.assurance() == AssuranceLevel.HIGH ? "high" : "substantial")
                .claim("id_card_id", card.idCardId());
        put(claims, "cpr", caller.cpr());
        put(claims, "given_name", caller.givenName());
        put(claims, "family_name", caller.familyName());
        put(claims, "authorization_code", caller.authorizationCode());
        put(claims, "education_code", caller.educationCode());
        put(claims, "it_system", caller.itSystem());
        if (caller.organisation() != null) {
            put(claims, "org_id", caller.organisation().id());
            put(claims, "org_id_type", caller.organisation().idType());
            put(claims, "org_name", caller.organisation().name());
        }
        String token = sign(claims.build());
        audit.event(caller, "sts-exchange", "ID card " + card.idCardId() + " -> JWT " + jti + " until " + expiry);
        return new Issued(token, JWT, "Bearer", Math.max(0, Duration.between(now, expiry).toSeconds()));
    }

    private Issued jwtToCard(String token) {
        IdCardIssuer signer = cardSigner.issuer()
                .orElseThrow(() -> StsException.invalidRequest("This platform issues no ID cards (opennsp.sts.card-keystore)"));
        Caller caller;
        JWTClaimsSet claims;
        try {
            claims = jwts.validate(token);
            caller = mapper.map(claims);
        } catch (InvalidTokenException | ApiException e) {
            throw StsException.invalidGrant("The token is not valid: " + e.getMessage());
        }
        CardSubject subject = subject(caller);
        Instant now = clock.instant();
        Instant expiry = min(claims.getExpirationTime().toInstant(), now.plus(MAX_CARD_LIFETIME));
        String card = signer.issue(subject, now.minus(Duration.ofMinutes(1)), expiry, SignatureMethod.RSA_SHA256);
        audit.event(caller, "sts-exchange", "JWT " + claims.getJWTID() + " -> level " + subject.authenticationLevel()
                + " ID card until " + expiry);
        return new Issued(Base64.getUrlEncoder().withoutPadding().encodeToString(card.getBytes(StandardCharsets.UTF_8)),
                SAML2, "N_A", Math.max(0, Duration.between(now, expiry).toSeconds()));
    }

    /** A person's strong login becomes a level-4 user card, a system's token a level-3 system card; nobody else gets one. */
    private CardSubject subject(Caller caller) {
        Caller.CallerOrganisation org = caller.organisation();
        if (org == null) {
            throw StsException.invalidRequest("An ID card names a care provider; the token names no organisation");
        }
        OrganisationIdType type = OrganisationIdType.of(org.idType());
        String providerId = org.id();
        String providerFormat = type.careProviderFormat();
        if (providerFormat == null) {
            // an ID card cannot name a SOR unit as care provider: the STS's configured CVR stands in, HSUID names the unit
            providerId = settings.cardCareProviderCvr();
            providerFormat = OrganisationIdType.CVR.careProviderFormat();
            if (providerId == null) {
                throw StsException.invalidRequest("The token names its organisation by SOR code; ID cards name a care provider "
                        + "by CVR, Y-, P-number or SKS code (opennsp.sts.card-care-provider-cvr is not set)");
            }
        }
        if (caller.is(Caller.UserType.PROFESSIONAL)) {
            if (!caller.assurance().satisfies(AssuranceLevel.HIGH)) {
                throw StsException.invalidGrant("A level-4 ID card needs a high assurance login; the token's is "
                        + caller.assurance().describe());
            }
            return CardSubject.user(caller.cpr(), caller.givenName(), caller.familyName(), caller.educationCode(),
                    caller.authorizationCode(), caller.itSystem(), providerId, providerFormat, org.name());
        }
        if (caller.is(Caller.UserType.SYSTEM)) {
            if (!caller.assurance().satisfies(AssuranceLevel.SUBSTANTIAL)) {
                throw StsException.invalidGrant("A system ID card needs assurance substantial; the token's is "
                        + caller.assurance().describe());
            }
            return CardSubject.system(caller.itSystem(), providerId, providerFormat, org.name());
        }
        throw StsException.invalidRequest("ID cards are issued to health professionals and systems only");
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keys.signing().getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(keys.signing()));
        } catch (JOSEException e) {
            throw new IllegalStateException("STS token signing failed", e);
        }
        return jwt.serialize();
    }

    private static void put(JWTClaimsSet.Builder claims, String name, String value) {
        if (value != null && !value.isBlank()) {
            claims.claim(name, value);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
