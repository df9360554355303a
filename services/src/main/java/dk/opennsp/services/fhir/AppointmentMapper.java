package dk.opennsp.services.fhir;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.services.appointments.AppointmentRecord;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Appointment.AppointmentParticipantComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Reference;

import java.time.Instant;
import java.util.Date;

/**
 * AppointmentRecord ⇄ FHIR R4 Appointment. Participants: the patient (CPR), the performing unit
 * ({@code Organization}, SOR) and the location ({@code Location}, SOR). The author organisation, which
 * R4 Appointment has no element for, travels in an extension.
 */
public final class AppointmentMapper {
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String AUTHOR_EXTENSION = OwnExtensions.BASE + "author-organisation";

    private AppointmentMapper() {
    }

    public static Appointment toFhir(AppointmentRecord r) {
        Appointment a = new Appointment();
        a.setId(r.resourceId());
        a.getMeta().setVersionId(Integer.toString(r.version())).setLastUpdated(Date.from(r.updatedAt()));
        a.addIdentifier().setSystem(r.identifierSystem()).setValue(r.identifierValue());
        a.setStatus(Appointment.AppointmentStatus.fromCode(r.status()));
        a.setAppointmentType(new CodeableConcept().addCoding(new Coding(SNOMED, r.typeCode(), r.typeDisplay())));
        a.setDescription(r.description());
        a.setStartElement(new org.hl7.fhir.r4.model.InstantType(Date.from(r.startAt())));
        if (r.endAt() != null) {
            a.setEndElement(new org.hl7.fhir.r4.model.InstantType(Date.from(r.endAt())));
        }
        if (r.dataCreatedAt() != null) {
            a.setCreatedElement(FhirFields.dateTime(r.dataCreatedAt()));
        }
        a.addParticipant().setActor(FhirFields.patient(r.patientCpr()))
                .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        if (r.performerSor() != null) {
            a.addParticipant().setActor(FhirFields.sorReference("Organization", r.performerSor(), null))
                    .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        }
        if (r.locationSor() != null) {
            a.addParticipant().setActor(FhirFields.sorReference("Location", r.locationSor(), null))
                    .setStatus(Appointment.ParticipationStatus.ACCEPTED);
        }
        a.addExtension(new Extension(AUTHOR_EXTENSION,
                FhirFields.organisation(r.sourceOrgIdType(), r.sourceOrgId(), r.sourceOrgName())));
        return a;
    }

    public static AppointmentRecord.Content fromFhir(Appointment a, String system, String value) {
        FhirFields.checkIdentifier(a.getIdentifier(), system, value);
        if (a.getStatus() == null) {
            throw ApiException.badRequest("Appointment.status is required");
        }
        Instant start = FhirFields.instant(a.getStartElement());
        Instant end = FhirFields.instant(a.getEndElement());
        if (start == null) {
            throw ApiException.badRequest("Appointment.start is required");
        }
        if (end != null && end.isBefore(start)) {
            throw ApiException.badRequest("Appointment.end is before Appointment.start");
        }
        Coding type = FhirFields.coding(a.getAppointmentType().getCoding(), "Appointment.appointmentType", SNOMED);
        if (!type.getCode().matches("\\d{6,18}")) {
            throw ApiException.badRequest("Appointment.appointmentType must be a SNOMED CT concept id such as 185353001");
        }
        String patient = null;
        String performer = null;
        String location = null;
        for (AppointmentParticipantComponent p : a.getParticipant()) {
            Reference actor = p.getActor();
            String actorSystem = actor.getIdentifier().getSystem();
            if (Identifiers.CPR_SYSTEM.equals(actorSystem) || Identifiers.ECPR_SYSTEM.equals(actorSystem)) {
                if (patient != null) {
                    throw ApiException.badRequest("An Appointment has exactly one patient participant");
                }
                patient = FhirFields.patientCpr(actor, "Appointment.participant.actor");
            } else if (Identifiers.SOR_SYSTEM.equals(actorSystem)) {
                String sor = sorCode(actor);
                if ("Location".equals(actor.getType())) {
                    location = sor;
                } else {
                    performer = sor;
                }
            } else {
                throw ApiException.badRequest("Appointment.participant.actor must be identified by CPR (patient) or SOR "
                        + "(performing Organization, Location)");
            }
        }
        if (patient == null) {
            throw ApiException.badRequest("Appointment needs a patient participant identified by " + Identifiers.CPR_SYSTEM);
        }
        return new AppointmentRecord.Content(patient, a.getStatus().toCode(), start, end, type.getCode(),
                FhirFields.limited(type.getDisplay(), 200, "appointmentType display"),
                FhirFields.limited(a.getDescription(), 1000, "Appointment.description"), performer, location,
                FhirFields.instant(a.getCreatedElement()));
    }

    private static String sorCode(Reference actor) {
        String code = actor.getIdentifier().getValue();
        if (!dk.opennsp.sor.SorCode.isValid(code)) {
            throw ApiException.badRequest("Appointment participant SOR code " + code + " is not a valid SOR code");
        }
        return code;
    }
}
