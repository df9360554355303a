package dk.opennsp.services.fhir;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.services.fmk.MedicationRecord;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Period;

import java.time.LocalDate;
import java.util.Date;

/** MedicationRecord ⇄ FHIR R4 MedicationStatement. */
public final class MedicationStatementMapper {
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
        ms.setSubject(FhirFields.patient(r.patientCpr()));
        if (r.effectiveStart() != null || r.effectiveEnd() != null) {
            Period period = new Period();
            if (r.effectiveStart() != null) {
                period.setStartElement(FhirFields.date(r.effectiveStart()));
            }
            if (r.effectiveEnd() != null) {
                period.setEndElement(FhirFields.date(r.effectiveEnd()));
            }
            ms.setEffective(period);
        }
        if (r.dosageText() != null) {
            ms.addDosage().setText(r.dosageText());
        }
        ms.setInformationSource(FhirFields.organisation(r.sourceOrgIdType(), r.sourceOrgId(), r.sourceOrgName()));
        ms.setDateAssertedElement(FhirFields.dateTime(r.createdAt()));
        return ms;
    }

    /** Validates a producer's resource and extracts what we store; the business identifier comes from the URL. */
    public static MedicationRecord.Content fromFhir(MedicationStatement ms, String system, String value) {
        FhirFields.checkIdentifier(ms.getIdentifier(), system, value);
        if (ms.getStatus() == null) {
            throw ApiException.badRequest("MedicationStatement.status is required");
        }
        String patientCpr = FhirFields.patientCpr(ms.getSubject(), "MedicationStatement.subject");
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
            start = FhirFields.localDate(ms.getEffectivePeriod().getStartElement());
            end = FhirFields.localDate(ms.getEffectivePeriod().getEndElement());
            if (start != null && end != null && end.isBefore(start)) {
                throw ApiException.badRequest("effectivePeriod.end is before effectivePeriod.start");
            }
        }
        String dosage = ms.getDosage().isEmpty() ? null : ms.getDosageFirstRep().getText();
        if (dosage != null && dosage.length() > 1000) {
            throw ApiException.badRequest("dosage.text is longer than 1000 characters");
        }
        return new MedicationRecord.Content(patientCpr, ms.getStatus().toCode(), atc.getCode(), name.trim(),
                dosage, start, end);
    }
}
