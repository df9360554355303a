package dk.opennsp.services.appointments;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface AppointmentRepository extends CrudRepository<AppointmentRecord, Long> {

    /** The citizen's appointments, latest first. */
    @Query("SELECT * FROM appointment WHERE patient_cpr = :patientCpr ORDER BY start_at DESC, id ASC")
    List<AppointmentRecord> findForPatient(String patientCpr);

    Optional<AppointmentRecord> findByIdentifierSystemAndIdentifierValue(String identifierSystem, String identifierValue);
}
