package dk.opennsp;

import dk.opennsp.services.operations.ShutdownState;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import sun.misc.Signal;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

@OpenAPIDefinition(
        info = @Info(title = "OpenNSP", version = "0.1",
                description = "National health-data service platform: FHIR medicine card, citizen blockings and MinLog"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class Application {
    public static void main(String[] args) {
        ApplicationContext context = Micronaut.run(Application.class, args);
        // SIGTERM: readiness DOWN first (still serving for the readiness delay), then the JVM's shutdown hooks
        // run Micronaut's graceful shutdown (stop accepting, drain, flush the MinLog writer, close the database)
        Signal.handle(new Signal("TERM"), signal -> {
            context.findBean(ShutdownState.class).ifPresent(ShutdownState::beginShutdown);
            System.exit(0);
        });
    }
}
