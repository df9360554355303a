package dk.opennsp.sor;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SorOrganisationRepository extends CrudRepository<SorOrganisation, String> {

    Optional<SorOrganisation> findByShakCode(String shakCode);

    /**
     * Compare-and-set of the version: 1 when {@code expected} was current (the row is now locked
     * for this transaction at {@code expected + 1}), 0 when someone else changed it first.
     */
    @Query("UPDATE sor_organisation SET version = version + 1 WHERE sor_code = :sorCode AND version = :expected")
    int claimVersion(String sorCode, long expected);

    /** One keyset page of the export: entities modified at or after {@code since}, after the cursor. */
    @Query("""
            SELECT * FROM sor_organisation
            WHERE last_modified >= :since
              AND (last_modified > :afterTime OR (last_modified = :afterTime AND sor_code > :afterCode))
            ORDER BY last_modified, sor_code
            LIMIT :limit""")
    List<SorOrganisation> exportPage(Instant since, Instant afterTime, String afterCode, int limit);

    @Query("SELECT MAX(last_modified) FROM sor_organisation")
    Optional<Instant> lastModified();
}
