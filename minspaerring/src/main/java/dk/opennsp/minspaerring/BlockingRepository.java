package dk.opennsp.minspaerring;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface BlockingRepository extends CrudRepository<Blocking, Long> {

    List<Blocking> findByCitizenCprOrderByCreatedAtDesc(String citizenCpr);

    Optional<Blocking> findByIdAndCitizenCpr(Long id, String citizenCpr);

    /** Every registration that may still apply: what the in-memory index holds. */
    @Query("SELECT * FROM blocking WHERE valid_to IS NULL OR valid_to > :now")
    List<Blocking> findNotExpired(Instant now);

    /** Registrations created or ended since the instant: how other nodes' writes reach this node's index. */
    @Query("SELECT * FROM blocking WHERE updated_at >= :since ORDER BY updated_at")
    List<Blocking> findChangedSince(Instant since);
}
