package dk.opennsp.services.sor;

import dk.opennsp.sor.SorAddress;
import dk.opennsp.sor.SorOrganisation;
import dk.opennsp.sor.SorTree;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A SOR entity as the REST API and the export show it: addresses resolved (inherited when absent). */
@Serdeable
public record SorUnitView(
        String sorCode, String name, String entityType, @Nullable String parentSorCode, @Nullable String regionCode,
        @Nullable String ownerType, @Nullable String unitType, @Nullable String cvr, @Nullable String eanLocationNumber,
        @Nullable String shakCode, @Nullable String ydernummer, List<String> specialities,
        @Nullable String organisationalLevelCode, @Nullable String organisationalLevelName,
        @Nullable SorAddress postalAddress, @Nullable SorAddress visitingAddress,
        @Nullable LocalDate fromDate, @Nullable LocalDate toDate, boolean active,
        @Nullable String replacesSorCode, @Nullable String replacedBySorCode,
        long version, Instant lastModified, String modifiedBy) {

    public static SorUnitView of(SorOrganisation o, SorTree tree, LocalDate today) {
        return new SorUnitView(o.sorCode(), o.name(), o.entityType().name(), o.parentSorCode(), o.regionCode(),
                o.ownerType() == null ? null : o.ownerType().name(), o.unitType(), o.cvr(), o.eanLocationNumber(),
                o.shakCode(), o.ydernummer(), o.specialityList(), o.organisationalLevelCode(), o.organisationalLevelName(),
                tree.postalAddress(o.sorCode()), tree.visitingAddress(o.sorCode()), o.fromDate(), o.toDate(),
                o.activeOn(today), o.replacesSorCode(), o.replacedBySorCode(), o.version(), o.lastModified(), o.modifiedBy());
    }
}
