package dk.opennsp.sor;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** A refused attempt by one region's administrator to change an entity another region owns. */
@Serdeable
@MappedEntity("sor_refusal")
public record SorRefusal(
        @Id @GeneratedValue @Nullable Long id,
        String sorCode,
        String operation,
        String attemptedBy,
        @Nullable String callerRegion,
        @Nullable String ownerRegion,
        Instant attemptedAt) {
}
