package dk.opennsp.sor;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A unit as an administrator submits it (REST JSON body or SOAP elements). Dates are ISO strings so
 * a malformed one gets a message naming the field. On update it replaces every editable field.
 */
@Serdeable
public record SorUnitDraft(
        @Nullable String sorCode,
        @Nullable String parentSorCode,
        @Nullable String entityType,
        @Nullable String name,
        @Nullable String unitType,
        @Nullable String regionCode,
        @Nullable String eanLocationNumber,
        @Nullable String shakCode,
        @Nullable String ydernummer,
        @Nullable List<String> specialities,
        @Nullable String organisationalLevelCode,
        @Nullable String organisationalLevelName,
        @Nullable SorAddress postalAddress,
        @Nullable SorAddress visitingAddress,
        @Nullable String fromDate,
        @Nullable String toDate,
        @Nullable String replacesSorCode) {
}
