package dk.opennsp.services.openapi;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** OpenAPI for a change of shared data under optimistic concurrency (If-Match): its two extra refusals. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "200", description = "Changed; the ETag header names the new version")
@ApiResponse(responseCode = "412", description = "If-Match names an older version: read again, then retry",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(ref = "#/components/schemas/OperationOutcome")))
@ApiResponse(responseCode = "428", description = "If-Match is missing",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(ref = "#/components/schemas/OperationOutcome")))
public @interface VersionedChange {
}
