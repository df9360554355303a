package dk.opennsp.services.dev;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** Dev mode only: mint a token for a demo identity. Absent (404) when dev mode is off. */
@Controller("/dev")
@Requires(property = "opennsp.dev-mode", value = "true")
@Tag(name = "Dev mode")
@SecurityRequirements
public class DevTokenController {
    private final DevTokenIssuer issuer;

    public DevTokenController(DevTokenIssuer issuer) {
        this.issuer = issuer;
    }

    @Serdeable
    public record TokenRequest(@Nullable String identity) {
    }

    @Serdeable
    public record TokenResponse(String access_token, String token_type, long expires_in, String identity) {
    }

    @Get("/identities")
    @Operation(summary = "The demo identities a token can be minted for")
    public List<DevIdentity> identities() {
        return DevData.IDENTITIES;
    }

    @Post("/token")
    @Operation(summary = "Mint a one-hour JWT for a demo identity: {\"identity\": \"doctor-karl\"}")
    public TokenResponse token(@Nullable @Body TokenRequest request) {
        DevIdentity identity = DevData.identity(request == null ? null : request.identity());
        return new TokenResponse(issuer.mint(identity), "Bearer", DevTokenIssuer.LIFETIME.toSeconds(), identity.id());
    }
}
