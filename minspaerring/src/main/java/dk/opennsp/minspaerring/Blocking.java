package dk.opennsp.minspaerring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A citizen's blocking; target is an authorization code or CPR (PROFESSIONAL) or a SOR code. */
@MappedEntity("blocking")
public record Blocking(
        @Id @GeneratedValue @Nullable Long id,
        String citizenCpr,
        BlockingKind kind,
        @Nullable String target,
        @Nullable Instant validFrom,
        @Nullable Instant validTo,
        Instant createdAt,
        String createdBy) {

    public boolean activeAt(Instant at) {
        return (validFrom == null || !at.isBefore(validFrom)) && (validTo == null || at.isBefore(validTo));
    }

    public Blocking endedAt(Instant at) {
        return new Blocking(id, citizenCpr, kind, target, validFrom, at, createdAt, createdBy);
    }
}
