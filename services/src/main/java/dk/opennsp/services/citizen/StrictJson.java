package dk.opennsp.services.citizen;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Request fields read exactly as JSON typed them. The default binding is lenient: {@code "maybe"} became
 * {@code false} for a flag and {@code ["C1A23"]} a code; a citizen's blocking must not be registered from a
 * guess at what the client meant, so anything else is a 400 that names the field's expected type.
 */
final class StrictJson {
    private StrictJson() {
    }

    private static Object read(Decoder decoder) throws IOException {
        return decoder.decodeNull() ? null : decoder.decodeArbitrary();
    }

    /** {@code true}, {@code false} or null. */
    @Singleton
    static final class Flag implements Deserializer<Boolean> {
        @Override
        public Boolean deserialize(Decoder decoder, DecoderContext context, Argument<? super Boolean> type) throws IOException {
            Object value = read(decoder);
            if (value == null || value instanceof Boolean) {
                return (Boolean) value;
            }
            throw decoder.createDeserializationException("A flag must be JSON true or false", null);
        }

        @Override
        public boolean allowNull() {
            return true;
        }
    }

    /** A JSON string or null. */
    @Singleton
    static final class Text implements Deserializer<String> {
        @Override
        public String deserialize(Decoder decoder, DecoderContext context, Argument<? super String> type) throws IOException {
            Object value = read(decoder);
            if (value == null || value instanceof String) {
                return (String) value;
            }
            throw decoder.createDeserializationException("A code or date must be a JSON string", null);
        }

        @Override
        public boolean allowNull() {
            return true;
        }
    }
}
