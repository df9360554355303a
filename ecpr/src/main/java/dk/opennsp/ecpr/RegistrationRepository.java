package dk.opennsp.ecpr;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** eCPR registrations and their external identifiers. Inserts never fail on a taken key: they report 0 rows. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface RegistrationRepository extends GenericRepository<Registration, String> {

    Optional<Registration> findById(String ecpr);

    @Query("SELECT * FROM ecpr_registration WHERE ecpr LIKE :prefix")
    List<Registration> findByPrefix(String prefix);

    @Query("""
            SELECT * FROM ecpr_registration WHERE birth_date = :birthDate
              AND LOWER(family_name) = LOWER(:familyName) AND (CAST(:givenName AS VARCHAR) IS NULL OR LOWER(given_name) = LOWER(:givenName))
            ORDER BY ecpr""")
    List<Registration> findByNameAndBirthDate(String familyName, @io.micronaut.core.annotation.Nullable String givenName, LocalDate birthDate);

    @Query("""
            SELECT r.* FROM ecpr_registration r JOIN ecpr_identifier i ON i.ecpr = r.ecpr
            WHERE i.identifier_system = :system AND i.identifier_value = :value""")
    Optional<Registration> findByIdentifier(String system, String value);

    @Query("SELECT identifier_system, identifier_value FROM ecpr_identifier WHERE ecpr = :ecpr ORDER BY identifier_system, identifier_value")
    List<IdentifierRow> identifiers(String ecpr);

    @Query("""
            INSERT INTO ecpr_registration (ecpr, birth_date, gender, given_name, family_name, address, contact, version,
                                           created_at, updated_at, registered_by, registered_by_sor)
            VALUES (:ecpr, :birthDate, :gender, :givenName, :familyName, :address, :contact, 1, :at, :at, :registeredBy, :registeredBySor)
            ON CONFLICT DO NOTHING""")
    int tryInsert(String ecpr, LocalDate birthDate, String gender, String givenName, String familyName,
                  @io.micronaut.core.annotation.Nullable String address, @io.micronaut.core.annotation.Nullable String contact,
                  Instant at, String registeredBy, @io.micronaut.core.annotation.Nullable String registeredBySor);

    @Query("INSERT INTO ecpr_identifier (identifier_system, identifier_value, ecpr) VALUES (:system, :value, :ecpr) ON CONFLICT DO NOTHING")
    int tryInsertIdentifier(String system, String value, String ecpr);

    @Query("SELECT * FROM ecpr_registration WHERE merged_into = :ecpr ORDER BY ecpr")
    List<Registration> findMergedInto(String ecpr);

    @Query("""
            UPDATE ecpr_registration SET merged_into = :into, merged_at = :at, merged_by = :by, version = version + 1, updated_at = :at
            WHERE ecpr = :ecpr AND merged_into IS NULL AND linked_cpr IS NULL""")
    int merge(String ecpr, String into, Instant at, String by);

    /** Moves a merged registration's identifiers to the one it was merged into, so they find the survivor. */
    @Query("UPDATE ecpr_identifier SET ecpr = :into WHERE ecpr = :ecpr")
    int moveIdentifiers(String ecpr, String into);

    /** An update of the person's details: one version more, only if the caller saw the current one. */
    @Query("""
            UPDATE ecpr_registration SET birth_date = :birthDate, gender = :gender, given_name = :givenName, family_name = :familyName,
                   address = :address, contact = :contact, version = version + 1, updated_at = :at
            WHERE ecpr = :ecpr AND version = :version AND merged_into IS NULL""")
    int update(String ecpr, int version, LocalDate birthDate, String gender, String givenName, String familyName,
               @io.micronaut.core.annotation.Nullable String address, @io.micronaut.core.annotation.Nullable String contact, Instant at);

    /** Links an unlinked registration (or re-states the same link); 0 when it is linked to another CPR number. */
    @Query("""
            UPDATE ecpr_registration SET linked_cpr = :cpr, linked_at = :at, linked_by = :by, version = version + 1, updated_at = :at
            WHERE ecpr = :ecpr AND linked_cpr IS NULL""")
    int link(String ecpr, String cpr, Instant at, String by);

    @Query("""
            UPDATE ecpr_registration SET linked_cpr = NULL, linked_at = NULL, linked_by = NULL, version = version + 1, updated_at = :at
            WHERE ecpr = :ecpr AND linked_cpr = :cpr""")
    int unlink(String ecpr, String cpr, Instant at);

    @Query("INSERT INTO ecpr_link_audit (ecpr, cpr, action, actor, note, at) VALUES (:ecpr, :cpr, :action, :actor, :note, :at)")
    void audit(String ecpr, String cpr, String action, String actor, @io.micronaut.core.annotation.Nullable String note, Instant at);

    @Query("SELECT action, cpr, actor, note, at FROM ecpr_link_audit WHERE ecpr = :ecpr ORDER BY id")
    List<LinkEvent> linkHistory(String ecpr);

    /** One row of {@link #linkHistory}. */
    @io.micronaut.core.annotation.Introspected
    record LinkEvent(String action, String cpr, String actor, @io.micronaut.core.annotation.Nullable String note, Instant at) {
    }

    /** One row of {@link #identifiers}. */
    @io.micronaut.core.annotation.Introspected
    record IdentifierRow(String identifierSystem, String identifierValue) {
    }
}
