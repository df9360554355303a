package dk.opennsp.sor;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A postal or visiting address; {@code inheritedFrom} names the ancestor it came from, if any. */
@Serdeable
public record SorAddress(@Nullable String street, @Nullable String postalCode, @Nullable String city,
                         @Nullable String inheritedFrom) {
    public boolean isEmpty() {
        return street == null && postalCode == null && city == null;
    }
}
