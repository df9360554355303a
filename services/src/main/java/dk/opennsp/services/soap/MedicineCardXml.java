package dk.opennsp.services.soap;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.OrganisationIdType;
import dk.opennsp.services.fmk.MedicationRecord;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Renders medication records as an FMK 1.4.6 {@code GetMedicineCardResponse}. Our data model has
 * no indication, route of administration or named author yet: those mandatory elements are
 * rendered as "not stated" rather than invented.
 */
final class MedicineCardXml {
    private static final String NS = FmkSchemas.NAMESPACE;
    private static final LocalDate FMK_EARLIEST_DOSAGE_DATE = LocalDate.of(2000, 1, 1);

    private final Document document;

    private MedicineCardXml(Document document) {
        this.document = document;
    }

    static Element response(Document document, String cpr, List<MedicationRecord> records) {
        return new MedicineCardXml(document).render(cpr, records);
    }

    private Element render(String cpr, List<MedicationRecord> records) {
        Element response = document.createElementNS(NS, "GetMedicineCardResponse");
        Element card = add(response, "MedicineCard");
        Element person = add(add(card, "Patient"), "Person");
        text(person, "PersonIdentifier", cpr).setAttribute("source", Identifiers.personIdSource(cpr));
        text(person, "BirthDate", CprFacts.birthDate(cpr).toString());
        text(person, "Gender", CprFacts.isMale(cpr) ? "male" : "female");
        text(card, "Version", String.valueOf(records.stream().mapToLong(MedicationRecord::version).sum()));
        for (MedicationRecord record : records) {
            drugMedication(add(card, "DrugMedication"), record);
        }
        text(card, "HasOpenDosageDispensingPrescriptions", "false");
        text(card, "OrderedPrescriptionsExist", "false");
        return response;
    }

    private void drugMedication(Element drugMedication, MedicationRecord r) {
        text(drugMedication, "Identifier", String.valueOf(r.id()));
        text(drugMedication, "Version", String.valueOf(Math.max(1, r.version())));
        Element created = add(drugMedication, "Created");
        Element by = add(created, "By");
        Element name = add(add(by, "Other"), "Name");
        text(name, "GivenName", "System");
        text(name, "Surname", limit(r.sourceOrgName() == null ? r.sourceOrgId() : r.sourceOrgName(), 50));
        text(by, "Role", "System");
        Element organisation = add(by, "Organisation");
        text(organisation, "Name", limit(r.sourceOrgName() == null ? r.sourceOrgId() : r.sourceOrgName(), 200));
        text(organisation, "Type", "According to Source");
        text(organisation, "Identifier", r.sourceOrgId()).setAttribute("source", organisationSource(r.sourceOrgIdType()));
        text(created, "DateTime", DateTimeFormatter.ISO_INSTANT.format(r.createdAt().atOffset(ZoneOffset.UTC).toInstant()));
        Element period = add(drugMedication, "BeginEndDate");
        if (r.effectiveStart() != null) {
            text(period, "TreatmentStartDate", r.effectiveStart().toString());
        } else {
            add(period, "TreatmentStartedPreviously");
        }
        if (r.effectiveEnd() != null) {
            text(period, "TreatmentEndDate", r.effectiveEnd().toString());
        } else {
            add(period, "TreatmentEndingUndetermined");
        }
        text(add(drugMedication, "Indication"), "FreeText", "Ikke angivet");
        Element route = add(drugMedication, "RouteOfAdministration");
        text(route, "Code", "NA").setAttribute("source", "OpenNSP");
        text(route, "Text", "Ikke angivet");
        Element drug = add(drugMedication, "Drug");
        Element atc = add(drug, "ATC");
        text(atc, "Code", r.atcCode()).setAttribute("source", "Medicinpriser");
        text(atc, "Text", limit(r.drugName(), 72));
        text(drug, "Name", limit(r.drugName(), 30));
        dosage(add(drugMedication, "Dosage"), r);
    }

    private void dosage(Element dosage, MedicationRecord r) {
        if (r.dosageText() != null && !r.dosageText().isBlank()) {
            Element free = add(dosage, "FreeText");
            if (r.effectiveStart() != null && !r.effectiveStart().isBefore(FMK_EARLIEST_DOSAGE_DATE)) {
                text(free, "StartDate", r.effectiveStart().toString());
            } else {
                add(free, "DosageStartedPreviously");
            }
            if (r.effectiveEnd() != null && !r.effectiveEnd().isBefore(FMK_EARLIEST_DOSAGE_DATE)) {
                text(free, "EndDate", r.effectiveEnd().toString());
            } else {
                add(free, "DosageEndingUndetermined");
            }
            text(free, "Text", limit(r.dosageText(), 400));
        }
        text(dosage, "Type", "ikke angivet");
    }

    /** FMK's source name of the register; a type the platform does not know is passed through (free text is allowed). */
    private static String organisationSource(String idType) {
        return OrganisationIdType.find(idType == null || idType.isEmpty() ? "sor" : idType)
                .map(OrganisationIdType::fmkSource).orElse(idType);
    }

    private static String limit(String value, int max) {
        String v = value == null || value.isBlank() ? "Ikke angivet" : value;
        return v.length() <= max ? v : v.substring(0, max);
    }

    private Element add(Element parent, String name) {
        Element child = document.createElementNS(NS, name);
        parent.appendChild(child);
        return child;
    }

    private Element text(Element parent, String name, String value) {
        Element child = add(parent, name);
        child.setTextContent(value);
        return child;
    }
}
