package dk.opennsp.services.sts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The STS over HTTP: {@code POST /sts/token} (RFC 8693 token exchange, form-encoded; errors per RFC 6749
 * §5.2 as JSON with HTTP 400) and {@code GET /.well-known/jwks.json} (the keys its tokens are signed with).
 * The subject token is the caller's credential: no bearer token is asked for.
 */
@Controller
public class StsController {
    private final TokenExchange exchange;
    private final StsKeys keys;

    public StsController(TokenExchange exchange, StsKeys keys) {
        this.exchange = exchange;
        this.keys = keys;
    }

    @Serdeable
    public record ExchangeForm(@Nullable String grant_type, @Nullable String subject_token, @Nullable String subject_token_type,
                               @Nullable String requested_token_type, @Nullable String audience) {
    }

    @Post(value = "/sts/token", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Token exchange: a DGWS ID card (saml2, base64url) for a JWT, or a JWT for an ID card")
    public HttpResponse<Map<String, Object>> token(@Nullable @Body ExchangeForm form) {
        try {
            if (form == null) {
                throw StsException.invalidRequest("the request must be form-encoded with grant_type and subject_token");
            }
            TokenExchange.Issued issued = exchange.exchange(form.grant_type(), form.subject_token(), form.subject_token_type(),
                    form.requested_token_type());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", issued.accessToken());
            body.put("issued_token_type", issued.issuedTokenType());
            body.put("token_type", issued.tokenType());
            body.put("expires_in", issued.expiresIn());
            return HttpResponse.ok(body).header("Cache-Control", "no-store");
        } catch (StsException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.error());
            body.put("error_description", e.getMessage());
            return HttpResponse.<Map<String, Object>>badRequest(body).header("Cache-Control", "no-store");
        }
    }

    @Get(value = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The public keys of the platform STS (the current signing key first, then keys still accepted)")
    public Map<String, Object> jwks() {
        return keys.published().toJSONObject(true);
    }
}
