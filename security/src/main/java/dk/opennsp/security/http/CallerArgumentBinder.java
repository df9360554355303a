package dk.opennsp.security.http;

import dk.opennsp.security.Caller;
import dk.opennsp.security.error.ApiException;
import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.util.Optional;

/** Lets a controller take the authenticated {@link Caller} as a parameter. */
@Singleton
public class CallerArgumentBinder implements TypedRequestArgumentBinder<Caller> {

    @Override
    public Argument<Caller> argumentType() {
        return Argument.of(Caller.class);
    }

    @Override
    public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> source) {
        Optional<Caller> caller = source.getAttribute(CallerContext.ATTRIBUTE, Caller.class);
        if (caller.isEmpty()) {
            throw ApiException.unauthorized("A bearer token is required", false);
        }
        return () -> caller;
    }
}
