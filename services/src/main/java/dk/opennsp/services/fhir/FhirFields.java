package dk.opennsp.services.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.error.ApiException;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

/** Field conversions every patient-data mapper shares: CPR subjects, source organisations, dates, checks. */
final class FhirFields {
    private static final TimeZone UTC = TimeZone.getTimeZone(ZoneOffset.UTC);

    private FhirFields() {
    }

    static Reference patient(String cpr) {
        Reference patient = new Reference().setIdentifier(new Identifier().setSystem(Identifiers.personIdSystem(cpr)).setValue(cpr));
        patient.setType("Patient");
        return patient;
    }

    /** The citizen a producer's resource is about: a CPR (or eCPR) identifier, or 400 naming the field. */
    static String patientCpr(Reference reference, String field) {
        Identifier id = reference == null ? new Identifier() : reference.getIdentifier();
        String problem = Identifiers.personIdProblem(id.getSystem(), id.getValue());
        if (problem != null) {
            throw ApiException.badRequest(field + ".identifier: " + problem);
        }
        return id.getValue();
    }

    static Reference organisation(String idType, String id, String name) {
        Reference source = new Reference().setDisplay(name);
        source.setType("Organization");
        source.setIdentifier(new Identifier().setSystem(organisationSystem(idType)).setValue(id));
        return source;
    }

    static Reference sorReference(String type, String sorCode, String display) {
        Reference r = new Reference().setIdentifier(new Identifier().setSystem(Identifiers.SOR_SYSTEM).setValue(sorCode));
        r.setType(type);
        r.setDisplay(display);
        return r;
    }

    static String organisationSystem(String idType) {
        return switch (idType) {
            case "sor" -> Identifiers.SOR_SYSTEM;
            case "ynumber" -> "urn:oid:1.2.208.176.1.4";
            default -> Identifiers.CVR_SYSTEM;
        };
    }

    /** The resource's own identifiers, when given, must include the conditional update's identifier. */
    static void checkIdentifier(List<Identifier> identifiers, String system, String value) {
        if (!identifiers.isEmpty() && identifiers.stream()
                .noneMatch(id -> system.equals(id.getSystem()) && value.equals(id.getValue()))) {
            throw ApiException.badRequest("The resource's identifier does not match the conditional update's identifier");
        }
    }

    static Coding coding(List<Coding> codings, String field, String... systems) {
        for (Coding c : codings) {
            for (String system : systems) {
                if (system.equals(c.getSystem()) && c.getCode() != null && !c.getCode().isBlank()) {
                    return c;
                }
            }
        }
        throw ApiException.badRequest(field + " needs a coding with system " + String.join(" or ", systems));
    }

    static String limited(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw ApiException.badRequest(field + " is longer than " + max + " characters");
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    static DateTimeType dateTime(Instant instant) {
        return new DateTimeType(Date.from(instant), TemporalPrecisionEnum.SECOND, UTC);
    }

    static DateTimeType date(LocalDate date) {
        return new DateTimeType(date.toString());
    }

    static Instant instant(BaseDateTimeType value) {
        return value == null || value.isEmpty() ? null : value.getValue().toInstant();
    }

    static LocalDate localDate(BaseDateTimeType value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
    }
}
