package dk.opennsp.security;

import java.util.Locale;

/**
 * The registers an organisation is named from, with the source names each outward format uses: one
 * mapping for MinLog entries, FMK responses and the platform's own SOAP schemas, whichever token model
 * (JWT {@code org_id_type}, DGWS CareProviderID NameFormat or HSUID OrgUsingID) named the organisation.
 */
public enum OrganisationIdType {
    /** A SOR code: named in DGWS only by HSUID OrgUsingID, never as an ID card's CareProviderID. */
    SOR("sor", "SOR", "SOR", null),
    CVR("cvr", "CVR", "CVR", "medcom:cvrnumber"),
    YNUMBER("ynumber", "YDER", "Yder", "medcom:ynumber"),
    /** A production unit (P-number) of a CVR-registered company. */
    PNUMBER("pnumber", "CVR-P", "CVR-P", "medcom:pnumber"),
    /** The national hospital classification (SKS) code of a unit. */
    SKS("sks", "SKS", "SKS", "medcom:skscode");

    private final String token;
    private final String minLogSource;
    private final String fmkSource;
    private final String careProviderFormat;

    OrganisationIdType(String token, String minLogSource, String fmkSource, String careProviderFormat) {
        this.token = token;
        this.minLogSource = minLogSource;
        this.fmkSource = fmkSource;
        this.careProviderFormat = careProviderFormat;
    }

    /** The NameFormat of an ID card's {@code medcom:CareProviderID} for this register, or null (SOR). */
    public String careProviderFormat() {
        return careProviderFormat;
    }

    /** The register an ID card's CareProviderID NameFormat names. */
    public static java.util.Optional<OrganisationIdType> ofCareProviderFormat(String format) {
        for (OrganisationIdType type : values()) {
            if (type.careProviderFormat != null && type.careProviderFormat.equals(format)) {
                return java.util.Optional.of(type);
            }
        }
        return java.util.Optional.empty();
    }

    /** The type as the caller model carries it ({@code sor}, {@code cvr}, …). */
    public String token() {
        return token;
    }

    /** The MinLog2 OrganisationIdentifier source (and that of the platform's patient schema). */
    public String minLogSource() {
        return minLogSource;
    }

    /** The FMK Organisation Identifier source. */
    public String fmkSource() {
        return fmkSource;
    }

    /** The type of a caller-model token; an unknown one is refused, never guessed as CVR. */
    public static OrganisationIdType of(String token) {
        return find(token).orElseThrow(() -> new IllegalArgumentException("Unknown organisation identifier type " + token));
    }

    public static java.util.Optional<OrganisationIdType> find(String token) {
        String t = token == null ? "" : token.trim().toLowerCase(Locale.ROOT);
        for (OrganisationIdType type : values()) {
            if (type.token.equals(t)) {
                return java.util.Optional.of(type);
            }
        }
        return java.util.Optional.empty();
    }
}
