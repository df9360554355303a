package dk.opennsp.services.fmk;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import dk.opennsp.services.patient.PatientDataRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MedicationRepository extends PatientDataRepository<MedicationRecord> {

    /** The card, current treatments first. */
    @Override
    @Query("SELECT * FROM medication_statement WHERE patient_cpr = :patientCpr ORDER BY effective_start DESC, id ASC")
    List<MedicationRecord> findForPatient(String patientCpr);
}
