package dk.opennsp.minspaerring;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface BlockingRepository extends CrudRepository<Blocking, Long> {

    List<Blocking> findByCitizenCprOrderByCreatedAtDesc(String citizenCpr);

    Optional<Blocking> findByIdAndCitizenCpr(Long id, String citizenCpr);
}
