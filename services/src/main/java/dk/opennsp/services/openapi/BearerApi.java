package dk.opennsp.services.openapi;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * OpenAPI for a controller behind the bearer-token filter: the security scheme, and every error a
 * client of it can get (each an OperationOutcome). Public controllers do not carry it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SecurityRequirement(name = "bearer")
@ApiResponse(responseCode = "400", description = "Bad input: the OperationOutcome says what and where",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(ref = "#/components/schemas/OperationOutcome")))
@ApiResponse(responseCode = "401", description = "No valid bearer token",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(ref = "#/components/schemas/OperationOutcome")))
@ApiResponse(responseCode = "403", description = "The caller may not do this, or the citizen's blockings withhold the data",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(ref = "#/components/schemas/OperationOutcome")))
@ApiResponse(responseCode = "404", description = "No such item",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(ref = "#/components/schemas/OperationOutcome")))
@ApiResponse(responseCode = "429", description = "The calling system's quota is used up; retry after Retry-After seconds",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(ref = "#/components/schemas/OperationOutcome")))
@ApiResponse(responseCode = "503", description = "Overloaded or a dependency is down; retry after Retry-After seconds",
        content = @Content(mediaType = "application/fhir+json", schema = @Schema(ref = "#/components/schemas/OperationOutcome")))
public @interface BearerApi {
}
