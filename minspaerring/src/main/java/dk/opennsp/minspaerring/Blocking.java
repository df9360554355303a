package dk.opennsp.minspaerring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * One registration in a citizen's MinSpærring. {@code target} is an authorization code or CPR
 * (PROFESSIONAL, POSITIVE_CONSENT) or a SOR code (ORGANISATION, DATA_FROM_ORGANISATION);
 * {@code dataFrom}/{@code dataTo} bound DATA_PERIOD. validFrom/validTo say when the registration
 * itself applies (null = open).
 */
@MappedEntity("blocking")
public record Blocking(
        @Id @GeneratedValue @Nullable Long id,
        String citizenCpr,
        BlockingKind kind,
        @Nullable String target,
        boolean includeSubUnits,
        @Nullable Instant dataFrom,
        @Nullable Instant dataTo,
        @Nullable Instant validFrom,
        @Nullable Instant validTo,
        String channel,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        @Nullable String endedBy) {

    public boolean activeAt(Instant at) {
        return (validFrom == null || !at.isBefore(validFrom)) && (validTo == null || at.isBefore(validTo));
    }

    /** True once it can never apply again: the index may forget it. */
    public boolean expiredAt(Instant at) {
        return validTo != null && !at.isBefore(validTo);
    }

    public Blocking endedAt(Instant at, String by, Instant now) {
        return new Blocking(id, citizenCpr, kind, target, includeSubUnits, dataFrom, dataTo, validFrom, at, channel,
                createdAt, createdBy, now, by);
    }
}
