package dk.opennsp.services.fmk;

import dk.opennsp.services.patient.PatientDataRepository;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.model.query.builder.sql.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public abstract class MedicationRepository implements PatientDataRepository<MedicationRecord> {
    private static final String CARD = "SELECT id, resource_id, identifier_system, identifier_value, patient_cpr, status, "
            + "atc_code, drug_name, dosage_text, effective_start, effective_end, source_org_id, source_org_id_type, "
            + "source_org_name, created_at, updated_at, version FROM medication_statement WHERE patient_cpr = ? "
            + "ORDER BY effective_start DESC, id ASC";

    private final ConnectionOperations<Connection> connections;

    protected MedicationRepository(ConnectionOperations<Connection> connections) {
        this.connections = connections;
    }

    /**
     * The card, current treatments first. Read with a plain statement and mapped by column position: it is
     * the most-read query of the platform, and Micronaut Data's generic row mapper cost about a tenth of a
     * lookup's CPU (column names derived per row and property) for the same records.
     */
    @Override
    public List<MedicationRecord> findForPatient(String patientCpr) {
        // the caller's connection when it has one (a transaction), else one from the pool, as the generated methods do
        return connections.executeRead(status -> {
            try (PreparedStatement statement = status.getConnection().prepareStatement(CARD)) {
                statement.setString(1, patientCpr);
                try (ResultSet rows = statement.executeQuery()) {
                    List<MedicationRecord> card = new ArrayList<>();
                    while (rows.next()) {
                        card.add(record(rows));
                    }
                    return card;
                }
            } catch (SQLException e) {
                throw new DataAccessException("The medicine card could not be read: " + e.getMessage(), e);
            }
        });
    }

    private static MedicationRecord record(ResultSet r) throws SQLException {
        return new MedicationRecord(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8), r.getString(9), r.getObject(10, LocalDate.class),
                r.getObject(11, LocalDate.class), r.getString(12), r.getString(13), r.getString(14),
                r.getObject(15, OffsetDateTime.class).toInstant(), r.getObject(16, OffsetDateTime.class).toInstant(),
                r.getInt(17));
    }
}
