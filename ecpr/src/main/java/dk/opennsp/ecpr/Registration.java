package dk.opennsp.ecpr;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A person registered without a CPR number, under their national eCPR. Versioned: each change adds one.
 * {@code linkedCpr}: the CPR number the person got later; they are then one person under both.
 * {@code mergedInto}: this was a second registration of a person registered under that eCPR.
 */
@MappedEntity("ecpr_registration")
public record Registration(@Id String ecpr, LocalDate birthDate, String gender, String givenName, String familyName,
                           @Nullable String address, @Nullable String contact, int version, Instant createdAt,
                           Instant updatedAt, String registeredBy, @Nullable String registeredBySor,
                           @Nullable String linkedCpr, @Nullable Instant linkedAt, @Nullable String linkedBy,
                           @Nullable String mergedInto, @Nullable Instant mergedAt, @Nullable String mergedBy) {
}
