package dk.opennsp.services.fhir;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.services.fmk.MedicationRecord;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.TimeZone;

/** MedicationRecord ⇄ FHIR R4 MedicationStatement. */
public final class MedicationStatementMapper {
    private static final TimeZone UTC = TimeZone.getTimeZone(ZoneOffset.UTC);

    private MedicationStatementMapper() {
    }

    public static MedicationStatement toFhir(MedicationRecord r) {
        MedicationStatement ms = new MedicationStatement();
        ms.setId(r.resourceId());
        ms.getMeta().setVersionId(Integer.toString(r.version())).setLastUpdated(Date.from(r.updatedAt()));
        ms.addIdentifier().setSystem(r.identifierSystem()).setValue(r.identifierValue());
        ms.setStatus(MedicationStatement.MedicationStatementStatus.fromCode(r.status()));
        ms.setMedication(new CodeableConcept()
                .addCoding(new Coding(Identifiers.ATC_SYSTEM, r.atcCode(), r.drugName()))
                .setText(r.drugName()));
        ms.setSubject(new Reference().setIdentifier(new Identifier().setSystem(Identifiers.CPR_SYSTEM).setValue(r.patientCpr())));
        if (r.effectiveStart() != null || r.effectiveEnd() != null) {
            Period period = new Period();
            if (r.effectiveStart() != null) {
                period.setStartElement(date(r.effectiveStart()));
            }
            if (r.effectiveEnd() != null) {
                period.setEndElement(date(r.effectiveEnd()));
            }
            ms.setEffective(period);
        }
        if (r.dosageText() != null) {
            ms.addDosage().setText(r.dosageText());
        }
        Reference source = new Reference().setDisplay(r.sourceOrgName());
        source.setType("Organization");
        source.setIdentifier(new Identifier().setSystem(organisationSystem(r.sourceOrgIdType())).setValue(r.sourceOrgId()));
        ms.setInformationSource(source);
        ms.setDateAssertedElement(new DateTimeType(Date.from(r.createdAt()), TemporalPrecisionEnum.SECOND, UTC));
        return ms;
    }

    /** Validates a producer's resource and extracts what we store; the business identifier comes from the URL. */
    public static MedicationRecord.Content fromFhir(MedicationStatement ms, String system, String value) {
        if (!ms.getIdentifier().isEmpty() && ms.getIdentifier().stream()
                .noneMatch(id -> system.equals(id.getSystem()) && value.equals(id.getValue()))) {
            throw ApiException.badRequest("The resource's identifier does not match the conditional update's identifier");
        }
        if (ms.getStatus() == null) {
            throw ApiException.badRequest("MedicationStatement.status is required");
        }
        Identifier subject = ms.getSubject().getIdentifier();
        if (!Identifiers.CPR_SYSTEM.equals(subject.getSystem()) || !Identifiers.isCpr(subject.getValue())) {
            throw ApiException.badRequest("MedicationStatement.subject.identifier must be " + Identifiers.CPR_SYSTEM
                    + " with a 10-digit CPR number");
        }
        if (!ms.hasMedicationCodeableConcept()) {
            throw ApiException.badRequest("MedicationStatement.medicationCodeableConcept with an ATC coding is required");
        }
        CodeableConcept medication = ms.getMedicationCodeableConcept();
        Coding atc = medication.getCoding().stream().filter(c -> Identifiers.ATC_SYSTEM.equals(c.getSystem()))
                .findFirst().orElseThrow(() -> ApiException.badRequest("medicationCodeableConcept needs a coding with system "
                        + Identifiers.ATC_SYSTEM));
        if (atc.getCode() == null || !atc.getCode().matches("[A-Z][0-9]{2}[A-Z]{0,2}[0-9]{0,2}")) {
            throw ApiException.badRequest("ATC code must look like N02BE01");
        }
        String name = medication.hasText() ? medication.getText() : atc.getDisplay();
        if (name == null || name.isBlank() || name.length() > 200) {
            throw ApiException.badRequest("The medication needs a name (text or coding display, at most 200 characters)");
        }
        LocalDate start = null;
        LocalDate end = null;
        if (ms.hasEffective()) {
            if (!ms.hasEffectivePeriod()) {
                throw ApiException.badRequest("effective must be a Period");
            }
            start = localDate(ms.getEffectivePeriod().getStartElement());
            end = localDate(ms.getEffectivePeriod().getEndElement());
            if (start != null && end != null && end.isBefore(start)) {
                throw ApiException.badRequest("effectivePeriod.end is before effectivePeriod.start");
            }
        }
        String dosage = ms.getDosage().isEmpty() ? null : ms.getDosageFirstRep().getText();
        if (dosage != null && dosage.length() > 1000) {
            throw ApiException.badRequest("dosage.text is longer than 1000 characters");
        }
        return new MedicationRecord.Content(subject.getValue(), ms.getStatus().toCode(), atc.getCode(), name.trim(),
                dosage, start, end);
    }

    static String organisationSystem(String idType) {
        return switch (idType) {
            case "sor" -> Identifiers.SOR_SYSTEM;
            case "ynumber" -> "urn:oid:1.2.208.176.1.4";
            default -> "http://cvr.dk";
        };
    }

    private static DateTimeType date(LocalDate date) {
        return new DateTimeType(date.toString());
    }

    private static LocalDate localDate(DateTimeType value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
    }
}
