package dk.opennsp.services.appointments;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import dk.opennsp.services.patient.PatientDataRepository;

import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AppointmentRepository extends PatientDataRepository<AppointmentRecord> {

    /** The citizen's appointments, latest first. */
    @Override
    @Query("SELECT * FROM appointment WHERE patient_cpr = :patientCpr ORDER BY start_at DESC, id ASC")
    List<AppointmentRecord> findForPatient(String patientCpr);
}
