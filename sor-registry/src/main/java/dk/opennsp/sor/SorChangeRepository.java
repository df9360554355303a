package dk.opennsp.sor;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SorChangeRepository extends CrudRepository<SorChange, Long> {

    List<SorChange> findBySorCodeOrderByVersion(String sorCode);

    @Query("SELECT * FROM sor_change WHERE sor_code = :sorCode AND changed_at < :before ORDER BY version DESC LIMIT 1")
    Optional<SorChange> latestBefore(String sorCode, Instant before);

    @Query("SELECT * FROM sor_change WHERE sor_code = :sorCode ORDER BY version LIMIT 1")
    Optional<SorChange> first(String sorCode);
}
