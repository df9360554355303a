package dk.opennsp.ecpr;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.access.PersonIdentities;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A person's identifiers as the eCPR registry knows them: a CPR number with every eCPR linked to it, or an
 * eCPR with the CPR number it is linked to (and that number's other eCPRs), each with the duplicates merged
 * into it. Read from the database on each
 * lookup, so a link made on any node applies at once everywhere.
 *
 * <p>For a CPR number this is one query on every lookup of citizen data, nearly always with no rows, so it is
 * a plain statement for the eCPR numbers alone: through the generated repository method it cost about 5% of a
 * lookup's CPU.
 */
@Singleton
public class EcprIdentities implements PersonIdentities {
    private static final String LINKED_TO = "SELECT ecpr FROM ecpr_registration WHERE linked_cpr = ? ORDER BY ecpr";

    private final RegistrationRepository repository;
    private final ConnectionOperations<Connection> connections;

    public EcprIdentities(RegistrationRepository repository, ConnectionOperations<Connection> connections) {
        this.repository = repository;
        this.connections = connections;
    }

    @Override
    public Set<String> of(String personId) {
        Set<String> all = new LinkedHashSet<>();
        all.add(personId);
        String cpr = personId;
        if (Identifiers.isEcpr(personId)) {
            Registration r = repository.findById(personId).orElse(null);
            if (r == null) {
                return all;
            }
            // a merged duplicate stands for the registration it was merged into
            Registration survivor = r.mergedInto() == null ? r : repository.findById(r.mergedInto()).orElse(r);
            addWithDuplicates(all, survivor.ecpr());
            cpr = survivor.linkedCpr();
            if (cpr == null) {
                return all;
            }
        } else if (!Identifiers.isCpr(personId)) {
            return all;
        }
        all.add(cpr);
        linkedTo(cpr).forEach(ecpr -> addWithDuplicates(all, ecpr));
        return all;
    }

    private List<String> linkedTo(String cpr) {
        return connections.executeRead(status -> {
            try (PreparedStatement statement = status.getConnection().prepareStatement(LINKED_TO)) {
                statement.setString(1, cpr);
                try (ResultSet rows = statement.executeQuery()) {
                    List<String> ecprs = new ArrayList<>();
                    while (rows.next()) {
                        ecprs.add(rows.getString(1));
                    }
                    return ecprs;
                }
            } catch (SQLException e) {
                throw new DataAccessException("The person's linked eCPR numbers could not be read: " + e.getMessage(), e);
            }
        });
    }

    private void addWithDuplicates(Set<String> all, String ecpr) {
        all.add(ecpr);
        repository.findMergedInto(ecpr).forEach(d -> all.add(d.ecpr()));
    }
}
