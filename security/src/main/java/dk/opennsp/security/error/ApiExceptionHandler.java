package dk.opennsp.security.error;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private final ErrorResponses responses;

    public ApiExceptionHandler(ErrorResponses responses) {
        this.responses = responses;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException exception) {
        if (exception.status().getCode() >= 500) {
            LOG.warn("{} {} refused with {}: {}", request.getMethod(), request.getPath(), exception.status().getCode(),
                    exception.getMessage(), exception.getCause());
        }
        return responses.of(request, exception);
    }
}
