package dk.opennsp.sor;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SorRefusalRepository extends CrudRepository<SorRefusal, Long> {

    List<SorRefusal> findByOwnerRegionOrderByAttemptedAtDesc(String ownerRegion);
}
