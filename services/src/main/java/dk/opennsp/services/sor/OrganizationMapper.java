package dk.opennsp.services.sor;

import dk.opennsp.security.Identifiers;
import dk.opennsp.sor.SorAddress;
import dk.opennsp.sor.SorCode;
import dk.opennsp.sor.SorOrganisation;
import dk.opennsp.sor.SorTree;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import java.time.LocalDate;
import java.util.Date;

/** SOR entity → FHIR R4 Organization (DK Core identifiers; OpenNSP extensions for what R4 has no element for). */
public final class OrganizationMapper {
    public static final String EXTENSION_BASE = dk.opennsp.services.fhir.OwnExtensions.BASE + "sor-";
    static final String ENTITY_TYPE_SYSTEM = "http://opennsp.dk/fhir/CodeSystem/sor-entity-type";
    static final String LEVEL_SYSTEM = "http://opennsp.dk/fhir/CodeSystem/sor-organisational-level";
    static final String SHAK_SYSTEM = "urn:oid:1.2.208.176.1.6";
    static final String GLN_SYSTEM = "https://www.gs1.org/gln";
    static final String YDERNUMMER_SYSTEM = "urn:oid:1.2.208.176.1.4";

    private OrganizationMapper() {
    }

    public static Organization toFhir(SorOrganisation o, SorTree tree, LocalDate today) {
        Organization org = new Organization();
        org.setId(o.sorCode());
        org.getMeta().setVersionId(String.valueOf(o.version())).setLastUpdated(Date.from(o.lastModified()));
        org.addIdentifier().setUse(Identifier.IdentifierUse.OFFICIAL).setSystem(SorCode.SYSTEM).setValue(o.sorCode());
        identifier(org, SHAK_SYSTEM, o.shakCode());
        identifier(org, GLN_SYSTEM, o.eanLocationNumber());
        identifier(org, YDERNUMMER_SYSTEM, o.ydernummer());
        identifier(org, Identifiers.CVR_SYSTEM, o.cvr());
        org.setActive(o.activeOn(today));
        org.setName(o.name());
        org.addType().addCoding(new Coding(ENTITY_TYPE_SYSTEM, o.entityType().name(), null)).setText(o.unitType());
        if (o.parentSorCode() != null) {
            org.setPartOf(new Reference("Organization/" + o.parentSorCode())
                    .setIdentifier(new Identifier().setSystem(SorCode.SYSTEM).setValue(o.parentSorCode()))
                    .setDisplay(tree.nameOf(o.parentSorCode()).orElse(null)));
        }
        address(org, tree.postalAddress(o.sorCode()), Address.AddressType.POSTAL);
        address(org, tree.visitingAddress(o.sorCode()), Address.AddressType.PHYSICAL);
        Period period = new Period();
        if (o.fromDate() != null) {
            period.setStartElement(new org.hl7.fhir.r4.model.DateTimeType(o.fromDate().toString()));
        }
        if (o.toDate() != null) {
            period.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(o.toDate().toString()));
        }
        org.addExtension(EXTENSION_BASE + "period", period);
        if (o.regionCode() != null) {
            org.addExtension(EXTENSION_BASE + "region-code", new StringType(o.regionCode()));
        }
        if (o.ownerType() != null) {
            org.addExtension(EXTENSION_BASE + "owner-type", new StringType(o.ownerType().name()));
        }
        if (o.organisationalLevelCode() != null) {
            org.addExtension(EXTENSION_BASE + "organisational-level",
                    new Coding(LEVEL_SYSTEM, o.organisationalLevelCode(), o.organisationalLevelName()));
        }
        for (String speciality : o.specialityList()) {
            org.addExtension(EXTENSION_BASE + "speciality", new StringType(speciality));
        }
        reference(org, "replaces", o.replacesSorCode());
        reference(org, "replaced-by", o.replacedBySorCode());
        return org;
    }

    private static void identifier(Organization org, String system, String value) {
        if (value != null) {
            org.addIdentifier().setSystem(system).setValue(value);
        }
    }

    private static void reference(Organization org, String name, String sorCode) {
        if (sorCode != null) {
            org.addExtension(new Extension(EXTENSION_BASE + name, new Reference("Organization/" + sorCode)));
        }
    }

    private static void address(Organization org, SorAddress a, Address.AddressType type) {
        if (a == null) {
            return;
        }
        Address address = org.addAddress().setType(type).setCity(a.city()).setPostalCode(a.postalCode()).setCountry("DK");
        if (a.street() != null) {
            address.addLine(a.street());
        }
        if (a.inheritedFrom() != null) {
            address.addExtension(EXTENSION_BASE + "address-inherited-from", new Reference("Organization/" + a.inheritedFrom()));
        }
    }
}
