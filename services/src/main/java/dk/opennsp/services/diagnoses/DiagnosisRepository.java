package dk.opennsp.services.diagnoses;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import dk.opennsp.services.patient.PatientDataRepository;

import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface DiagnosisRepository extends PatientDataRepository<DiagnosisRecord> {

    /** The diagnosis card, most recent onset first. */
    @Override
    @Query("SELECT * FROM diagnosis WHERE patient_cpr = :patientCpr ORDER BY onset_date DESC, id ASC")
    List<DiagnosisRecord> findForPatient(String patientCpr);
}
