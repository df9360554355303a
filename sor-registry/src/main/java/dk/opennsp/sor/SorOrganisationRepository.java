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

    /** Sub-units as committed (a write checks its rules against these, not against a node's tree). */
    List<SorOrganisation> findByParentSorCode(String parentSorCode);

    /** One keyset page of the export in feed (commit) order: modified at or after {@code since}, after a position. */
    @Query("""
            SELECT * FROM sor_organisation
            WHERE last_modified >= :since AND change_seq > :after
            ORDER BY change_seq
            LIMIT :limit""")
    List<SorOrganisation> exportPage(Instant since, long after, int limit);

    /** Every entity written after a feed position: how a node's tree catches up. */
    @Query("SELECT * FROM sor_organisation WHERE change_seq > :after ORDER BY change_seq")
    List<SorOrganisation> findChangedAfter(long after);
}
