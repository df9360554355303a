package dk.opennsp.services.sor;

import dk.opennsp.soap.SoapPayloads;
import dk.opennsp.sor.SorAddress;
import dk.opennsp.sor.SorOrganisation;
import dk.opennsp.sor.SorTree;
import dk.opennsp.sor.SorUnitDraft;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.transform.Source;
import javax.xml.validation.Schema;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The OpenNSP SOR SOAP vocabulary ({@code urn:opennsp:sor:1.0}): schema, entity out, unit in. */
final class SorXml {
    static final String NAMESPACE = "urn:opennsp:sor:1.0";
    static final Schema SCHEMA = SoapPayloads.schema("wsdl/sor/opennsp-sor-1.0.xsd");

    private SorXml() {
    }

    static Element read(Source payload, Set<String> operations) {
        return SoapPayloads.read(payload, SCHEMA, NAMESPACE, operations, "OpenNSP SOR 1.0");
    }

    /** A response document with one root element; {@code fill} adds its children. */
    static Source response(String rootName, java.util.function.BiConsumer<Document, Element> fill) {
        return SoapPayloads.response(NAMESPACE, "sor", rootName, fill);
    }

    static void add(Element parent, String name, Object value) {
        SoapPayloads.add(parent, name, value);
    }

    /** An entity in schema order (SorEntityType); addresses resolved through the tree. */
    static Element entity(Document document, String name, SorOrganisation o, SorTree tree, LocalDate today) {
        Element e = document.createElementNS(NAMESPACE, "sor:" + name);
        add(e, "SorIdentifier", o.sorCode());
        add(e, "Version", o.version());
        add(e, "EntityType", o.entityType());
        add(e, "Name", o.name());
        add(e, "ParentSorIdentifier", o.parentSorCode());
        add(e, "RegionCode", o.regionCode());
        add(e, "OwnerType", o.ownerType());
        add(e, "UnitType", o.unitType());
        add(e, "Cvr", o.cvr());
        add(e, "EanLocationNumber", o.eanLocationNumber());
        add(e, "ShakIdentifier", o.shakCode());
        add(e, "Ydernummer", o.ydernummer());
        o.specialityList().forEach(s -> add(e, "Speciality", s));
        add(e, "OrganisationalLevelCode", o.organisationalLevelCode());
        add(e, "OrganisationalLevelName", o.organisationalLevelName());
        address(e, "PostalAddress", tree.postalAddress(o.sorCode()));
        address(e, "VisitingAddress", tree.visitingAddress(o.sorCode()));
        add(e, "FromDate", o.fromDate());
        add(e, "ToDate", o.toDate());
        add(e, "Active", o.activeOn(today));
        add(e, "ReplacesSorIdentifier", o.replacesSorCode());
        add(e, "ReplacedBySorIdentifier", o.replacedBySorCode());
        add(e, "LastModified", o.lastModified());
        add(e, "ModifiedBy", o.modifiedBy());
        return e;
    }

    private static void address(Element parent, String name, SorAddress a) {
        if (a != null) {
            Element e = parent.getOwnerDocument().createElementNS(NAMESPACE, "sor:" + name);
            add(e, "Street", a.street());
            add(e, "PostalCode", a.postalCode());
            add(e, "City", a.city());
            add(e, "InheritedFromSorIdentifier", a.inheritedFrom());
            parent.appendChild(e);
        }
    }

    /** A sor:Unit element as the same draft the REST API takes; the schema has checked its shape. */
    static SorUnitDraft draft(String sorCode, String parent, Element unit) {
        List<String> specialities = new ArrayList<>();
        for (Node n = unit.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "Speciality".equals(e.getLocalName())) {
                specialities.add(e.getTextContent().trim());
            }
        }
        return new SorUnitDraft(sorCode, parent, text(unit, "EntityType"), text(unit, "Name"), text(unit, "UnitType"), null,
                text(unit, "EanLocationNumber"), text(unit, "ShakIdentifier"), text(unit, "Ydernummer"), specialities,
                text(unit, "OrganisationalLevelCode"), text(unit, "OrganisationalLevelName"),
                address(SoapPayloads.child(unit, "PostalAddress")), address(SoapPayloads.child(unit, "VisitingAddress")),
                text(unit, "FromDate"), text(unit, "ToDate"), text(unit, "ReplacesSorIdentifier"));
    }

    private static SorAddress address(Element e) {
        return e == null ? null : new SorAddress(text(e, "Street"), text(e, "PostalCode"), text(e, "City"), null);
    }

    static String text(Element parent, String name) {
        return SoapPayloads.text(parent, name);
    }
}
