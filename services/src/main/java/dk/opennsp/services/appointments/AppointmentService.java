package dk.opennsp.services.appointments;

import dk.opennsp.security.Caller;
import dk.opennsp.security.DataKind;
import dk.opennsp.security.access.AccessGuard;
import dk.opennsp.services.patient.PatientDataService;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** A citizen's appointments: read by FHIR Appointment and SOAP GetAppointments alike. */
@Singleton
public class AppointmentService extends PatientDataService<AppointmentRecord, AppointmentRecord.Content> {

    public AppointmentService(AppointmentRepository repository, AccessGuard guard, Clock clock) {
        super(repository, guard, DataKind.APPOINTMENTS, clock);
    }

    @Override
    protected AppointmentRecord created(String system, String value, AppointmentRecord.Content c,
                                       Caller.CallerOrganisation org, Instant now) {
        return record(null, UUID.randomUUID().toString(), system, value, c, org, now, now, 1);
    }

    @Override
    protected AppointmentRecord changed(AppointmentRecord current, AppointmentRecord.Content c,
                                       Caller.CallerOrganisation org, Instant now) {
        return record(current.id(), current.resourceId(), current.identifierSystem(),
                current.identifierValue(), c, org, current.createdAt(), now, current.version() + 1);
    }

    private static AppointmentRecord record(Long id, String resourceId, String system, String value,
                                            AppointmentRecord.Content c, Caller.CallerOrganisation org,
                                            Instant created, Instant updated, int version) {
        return new AppointmentRecord(id, resourceId, system, value, c.patientCpr(), c.status(), c.startAt(), c.endAt(),
                c.typeCode(), c.typeDisplay(), c.description(), c.performerSor(), c.locationSor(), c.dataCreatedAt(),
                org.id(), org.idType(), org.name(), created, updated, version);
    }
}
