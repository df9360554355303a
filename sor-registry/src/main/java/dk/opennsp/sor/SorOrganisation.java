package dk.opennsp.sor;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.LocalDate;

/**
 * A SOR entity: institution owner, health institution or organisational unit, linked by parent.
 * First cut: what other modules need to name organisations and walk the tree.
 */
@MappedEntity("sor_organisation")
public record SorOrganisation(
        @Id String sorCode,
        String name,
        String entityType,
        @Nullable String parentSorCode,
        @Nullable String regionCode,
        @Nullable String unitType,
        @Nullable LocalDate fromDate,
        @Nullable LocalDate toDate) {
}
