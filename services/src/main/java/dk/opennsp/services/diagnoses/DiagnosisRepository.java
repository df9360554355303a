package dk.opennsp.services.diagnoses;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface DiagnosisRepository extends CrudRepository<DiagnosisRecord, Long> {

    /** The diagnosis card, most recent onset first. */
    @Query("SELECT * FROM diagnosis WHERE patient_cpr = :patientCpr ORDER BY onset_date DESC, id ASC")
    List<DiagnosisRecord> findForPatient(String patientCpr);

    Optional<DiagnosisRecord> findByIdentifierSystemAndIdentifierValue(String identifierSystem, String identifierValue);
}
