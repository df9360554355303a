package dk.opennsp.services.fhir;

import dk.opennsp.security.error.ApiException;
import dk.opennsp.services.diagnoses.DiagnosisRecord;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;

import java.time.LocalDate;
import java.util.Date;
import java.util.Set;

/** DiagnosisRecord ⇄ FHIR R4 Condition (MedCom ConditionList): ICPC-2 or SKS-D coded. */
public final class ConditionMapper {
    public static final String ICPC2 = "urn:oid:1.2.208.176.2.31";
    public static final String SKS_D = "urn:oid:1.2.208.176.2.4.12";
    static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-category";
    static final String CLINICAL_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    private static final Set<String> CATEGORIES = Set.of("encounter-diagnosis", "problem-list-item");
    private static final Set<String> CLINICAL = Set.of("active", "recurrence", "relapse", "inactive", "remission", "resolved");
    private static final Set<String> ABATED = Set.of("inactive", "remission", "resolved");

    private ConditionMapper() {
    }

    public static Condition toFhir(DiagnosisRecord r) {
        Condition c = new Condition();
        c.setId(r.resourceId());
        c.getMeta().setVersionId(Integer.toString(r.version())).setLastUpdated(Date.from(r.updatedAt()));
        c.addIdentifier().setSystem(r.identifierSystem()).setValue(r.identifierValue());
        c.setClinicalStatus(new CodeableConcept().addCoding(new Coding(CLINICAL_SYSTEM, r.clinicalStatus(), null)));
        c.addCategory().addCoding(new Coding(CATEGORY_SYSTEM, r.category(), null));
        c.setCode(new CodeableConcept().addCoding(new Coding(r.codeSystem(), r.code(), r.codeDisplay())).setText(r.codeDisplay()));
        c.setSubject(FhirFields.patient(r.patientCpr()));
        if (r.onsetDate() != null) {
            c.setOnset(FhirFields.date(r.onsetDate()));
        }
        if (r.abatementDate() != null) {
            c.setAbatement(FhirFields.date(r.abatementDate()));
        }
        if (r.dataCreatedAt() != null) {
            c.setRecordedDateElement(FhirFields.dateTime(r.dataCreatedAt()));
        }
        c.setAsserter(FhirFields.organisation(r.sourceOrgIdType(), r.sourceOrgId(), r.sourceOrgName()));
        if (r.note() != null) {
            c.addNote().setText(r.note());
        }
        return c;
    }

    public static DiagnosisRecord.Content fromFhir(Condition c, String system, String value) {
        FhirFields.checkIdentifier(c.getIdentifier(), system, value);
        String patient = FhirFields.patientCpr(c.getSubject(), "Condition.subject");
        Coding code = FhirFields.coding(c.getCode().getCoding(), "Condition.code", ICPC2, SKS_D);
        if (!code.getCode().matches("[A-Z0-9.]{2,12}")) {
            throw ApiException.badRequest("Condition.code must be an ICPC-2 code such as K86 or an SKS-D code such as DI109");
        }
        String category = code(c.getCategoryFirstRep(), CATEGORY_SYSTEM, CATEGORIES, "Condition.category");
        String clinical = code(c.getClinicalStatus(), CLINICAL_SYSTEM, CLINICAL, "Condition.clinicalStatus");
        LocalDate onset = c.hasOnset() ? FhirFields.localDate(dateTime(c.hasOnsetDateTimeType(), c.getOnset(), "onset")) : null;
        LocalDate abatement = c.hasAbatement() ? FhirFields.localDate(dateTime(c.hasAbatementDateTimeType(), c.getAbatement(), "abatement")) : null;
        if (abatement != null && !ABATED.contains(clinical)) {
            throw ApiException.badRequest("A Condition with an abatement must have clinicalStatus inactive, remission or resolved");
        }
        if (onset != null && abatement != null && abatement.isBefore(onset)) {
            throw ApiException.badRequest("Condition.abatement is before Condition.onset");
        }
        String note = c.getNote().isEmpty() ? null : FhirFields.limited(c.getNoteFirstRep().getText(), 1000, "Condition.note");
        String display = code.getDisplay() != null ? code.getDisplay() : c.getCode().getText();
        return new DiagnosisRecord.Content(patient, code.getSystem(), code.getCode(),
                FhirFields.limited(display, 200, "Condition.code display"), category, clinical, onset, abatement, note,
                FhirFields.instant(c.getRecordedDateElement()));
    }

    private static org.hl7.fhir.r4.model.DateTimeType dateTime(boolean isDateTime, org.hl7.fhir.r4.model.Type value, String field) {
        if (!isDateTime) {
            throw ApiException.badRequest("Condition." + field + " must be a dateTime (" + field + "DateTime)");
        }
        return (org.hl7.fhir.r4.model.DateTimeType) value;
    }

    private static String code(CodeableConcept concept, String system, Set<String> allowed, String field) {
        Coding coding = FhirFields.coding(concept.getCoding(), field, system);
        if (!allowed.contains(coding.getCode())) {
            throw ApiException.badRequest(field + " must be one of " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return coding.getCode();
    }
}
