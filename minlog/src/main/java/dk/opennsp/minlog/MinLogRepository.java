package dk.opennsp.minlog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.PageableRepository;

import java.time.Instant;
import java.util.Collection;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MinLogRepository extends PageableRepository<MinLogEntry, Long> {

    String FILTERS = " AND (CAST(:from AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at >= :from)"
            + " AND (CAST(:to AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at < :to)"
            + " AND (CAST(:system AS VARCHAR) IS NULL OR system_name = :system)"
            + " AND (CAST(:organisation AS VARCHAR) IS NULL OR organisation_id = :organisation)";

    /** Entries a registering system marked with a Filter the reader falls under are not shown to them. */
    String RELEVANCE = " AND (CAST(:hidden AS VARCHAR) IS NULL OR filters IS NULL OR filters NOT LIKE :hidden)";

    /**
     * A person's entries (by every identifier they have: a CPR number and linked eCPRs), newest first,
     * optionally within [from, to) and of one system or organisation.
     */
    @Query(value = "SELECT * FROM minlog_entry WHERE citizen_cpr IN (:cprs)" + FILTERS + RELEVANCE
            + " ORDER BY occurred_at DESC, id DESC",
            countQuery = "SELECT COUNT(*) FROM minlog_entry WHERE citizen_cpr IN (:cprs)" + FILTERS + RELEVANCE)
    Page<MinLogEntry> search(Collection<String> cprs, @Nullable Instant from, @Nullable Instant to, @Nullable String system,
                             @Nullable String organisation, @Nullable String hidden, Pageable pageable);

    /** What others looked up on behalf of a professional (by their identifiers), newest first. */
    @Query(value = "SELECT * FROM minlog_entry WHERE on_behalf_of_id IN (:ids)" + FILTERS + " ORDER BY occurred_at DESC, id DESC",
            countQuery = "SELECT COUNT(*) FROM minlog_entry WHERE on_behalf_of_id IN (:ids)" + FILTERS)
    Page<MinLogEntry> onBehalfOf(Collection<String> ids, @Nullable Instant from, @Nullable Instant to,
                                 @Nullable String system, @Nullable String organisation, Pageable pageable);

    /** Deletes up to {@code limit} entries older than the cutoff; returns how many. */
    @Query("DELETE FROM minlog_entry WHERE id IN (SELECT id FROM minlog_entry WHERE occurred_at < :cutoff LIMIT :limit)")
    int purgeBatch(Instant cutoff, int limit);
}
