package dk.opennsp.sor;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * A SOR entity: institution owner, health institution or organisational unit, linked by parent.
 * Addresses are stored as registered; an absent address is inherited from the nearest ancestor
 * that has one (see {@link SorTree#postalAddress}). {@code version} (1, 2, …) is the
 * optimistic-concurrency counter every change must name; {@link SorOrganisationRepository#claimVersion}
 * moves it. {@code changeSeq} is the entity's position in the commit-ordered {@link SorFeed}.
 */
@Serdeable
@MappedEntity("sor_organisation")
public record SorOrganisation(
        @Id String sorCode,
        String name,
        SorEntityType entityType,
        @Nullable String parentSorCode,
        @Nullable String regionCode,
        @Nullable String unitType,
        @Nullable LocalDate fromDate,
        @Nullable LocalDate toDate,
        @Nullable OwnerType ownerType,
        @Nullable String cvr,
        @Nullable String eanLocationNumber,
        @Nullable String shakCode,
        @Nullable String ydernummer,
        @Nullable String specialities,
        @Nullable String organisationalLevelCode,
        @Nullable String organisationalLevelName,
        @Nullable String postalStreet,
        @Nullable String postalCode,
        @Nullable String postalCity,
        @Nullable String visitingStreet,
        @Nullable String visitingPostalCode,
        @Nullable String visitingCity,
        @Nullable String replacesSorCode,
        @Nullable String replacedBySorCode,
        long version,
        Instant lastModified,
        String modifiedBy,
        @Nullable Long changeSeq) {

    /** Stored as one ';'-separated column: a unit has a handful of specialities, never queried by one. */
    static final String SPECIALITY_SEPARATOR = ";";

    public enum SorEntityType { INSTITUTION_OWNER, HEALTH_INSTITUTION, ORGANISATIONAL_UNIT }

    public enum OwnerType { REGION, MUNICIPALITY, STATE, PRIVATE }

    public List<String> specialityList() {
        return specialities == null || specialities.isEmpty() ? List.of()
                : Arrays.stream(specialities.split(SPECIALITY_SEPARATOR)).toList();
    }

    /** Open on the date: started (or no start) and not yet closed. ToDate is the last open day. */
    public boolean activeOn(LocalDate date) {
        return (fromDate == null || !date.isBefore(fromDate)) && (toDate == null || !date.isAfter(toDate));
    }

    public SorOrganisation withParent(String parent) {
        return new SorOrganisation(sorCode, name, entityType, parent, regionCode, unitType, fromDate, toDate, ownerType,
                cvr, eanLocationNumber, shakCode, ydernummer, specialities, organisationalLevelCode,
                organisationalLevelName, postalStreet, postalCode, postalCity, visitingStreet, visitingPostalCode,
                visitingCity, replacesSorCode, replacedBySorCode, version, lastModified, modifiedBy, changeSeq);
    }

    public SorOrganisation closed(LocalDate to, String replacedBy) {
        return new SorOrganisation(sorCode, name, entityType, parentSorCode, regionCode, unitType, fromDate, to, ownerType,
                cvr, eanLocationNumber, shakCode, ydernummer, specialities, organisationalLevelCode,
                organisationalLevelName, postalStreet, postalCode, postalCity, visitingStreet, visitingPostalCode,
                visitingCity, replacesSorCode, replacedBy, version, lastModified, modifiedBy, changeSeq);
    }

    /** The same entity stamped for a write: its new version, its place in the feed, the author of the change. */
    public SorOrganisation stamped(long newVersion, SorFeed.Stamp stamp, String by) {
        return new SorOrganisation(sorCode, name, entityType, parentSorCode, regionCode, unitType, fromDate, toDate, ownerType,
                cvr, eanLocationNumber, shakCode, ydernummer, specialities, organisationalLevelCode,
                organisationalLevelName, postalStreet, postalCode, postalCity, visitingStreet, visitingPostalCode,
                visitingCity, replacesSorCode, replacedBySorCode, newVersion, stamp.at(), by, stamp.position());
    }
}
