package dk.opennsp.minlog;

import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import jakarta.inject.Singleton;

/** The citizen's view of their log: newest first, paged. */
@Singleton
public class MinLogQuery {
    public static final int MAX_PAGE_SIZE = 200;

    private final MinLogRepository repository;

    public MinLogQuery(MinLogRepository repository) {
        this.repository = repository;
    }

    public Page<MinLogEntry> forCitizen(String citizenCpr, int page, int size) {
        Sort newestFirst = Sort.of(Sort.Order.desc("occurredAt"), Sort.Order.desc("id"));
        return repository.findByCitizenCpr(citizenCpr, Pageable.from(page, size, newestFirst));
    }
}
