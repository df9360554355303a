package dk.opennsp.services.soap;

import dk.opennsp.services.appointments.AppointmentRecord;
import dk.opennsp.services.appointments.AppointmentService;
import jakarta.inject.Singleton;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;
import org.w3c.dom.Element;

import static dk.opennsp.soap.SoapPayloads.add;

/** GetAppointments over DGWS ({@code /soap/appointments}). */
@Singleton
@WebServiceProvider(serviceName = "AppointmentsService", portName = "AppointmentsPort", targetNamespace = PatientXml.NAMESPACE)
@ServiceMode(jakarta.xml.ws.Service.Mode.PAYLOAD)
public class AppointmentsEndpoint extends PatientDataEndpoint<AppointmentRecord> {

    public AppointmentsEndpoint(AppointmentService service) {
        super(service, "appointments", "GetAppointments", "Appointment");
    }

    @Override
    void write(Element e, AppointmentRecord a) {
        identifier(e, a.identifierSystem(), a.identifierValue());
        add(e, "Status", a.status());
        add(e, "Start", a.startAt());
        add(e, "End", a.endAt());
        add(e, "TypeCode", a.typeCode());
        add(e, "TypeText", a.typeDisplay());
        add(e, "Description", a.description());
        add(e, "PerformerSorIdentifier", a.performerSor());
        add(e, "LocationSorIdentifier", a.locationSor());
        add(e, "Created", a.dataCreatedAt());
        PatientXml.organisation(e, "AuthorOrganisation", a.sourceOrgIdType(), a.sourceOrgId(), a.sourceOrgName());
    }
}
