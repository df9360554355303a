package dk.opennsp.minlog;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.PageableRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MinLogRepository extends PageableRepository<MinLogEntry, Long> {

    Page<MinLogEntry> findByCitizenCpr(String citizenCpr, Pageable pageable);
}
