package dk.opennsp.minlog;

import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Reading the log: the citizen's view (masked where staff are protected), the professional's view of
 * what assistants looked up on their behalf (medhjælpslog), and the auditor's unmasked view.
 */
@Singleton
public class MinLogQuery {
    public static final int MAX_PAGE_SIZE = 200;

    private final MinLogRepository repository;
    private final ProtectedStaffRepository protectedStaff;
    private final GroupCommitLogWriter writer;

    public MinLogQuery(MinLogRepository repository, ProtectedStaffRepository protectedStaff, GroupCommitLogWriter writer) {
        this.repository = repository;
        this.writer = writer;
        this.protectedStaff = protectedStaff;
    }

    /** Optional narrowing: [from, to), one system name, one organisation id. */
    public record Filter(Instant from, Instant to, String system, String organisation) {
        public static final Filter NONE = new Filter(null, null, null, null);
    }

    /** An entry as a reader may see it: {@code masked} = the person is protected, show department and role only. */
    public record Shown(MinLogEntry entry, boolean masked) {
    }

    public record Result(long total, int totalPages, List<Shown> entries) {
    }

    /** Who reads a citizen's log: MinLog2 Filter values hide entries from the citizen or from custody holders. */
    public enum Reader {
        CITIZEN("Ikke borger"), CUSTODY_HOLDER("Ikke forældremyndigheds-indehaver"), PROXY(null);

        private final String hiddenBy;

        Reader(String hiddenBy) {
            this.hiddenBy = hiddenBy;
        }
    }

    /** The log of a person, by all their identifiers (see {@code PersonIdentities}). */
    public Result forCitizen(Collection<String> identifiers, Reader reader, Filter f, int page, int size) {
        writer.awaitReadable(); // every entry acknowledged so far, journaled ones included
        String hidden = reader.hiddenBy == null ? null : "%" + reader.hiddenBy + "%";
        return masked(repository.search(identifiers, f.from(), f.to(), f.system(), f.organisation(), hidden,
                Pageable.from(page, size)));
    }

    /** The truth, for authorised auditors. */
    public Result forAuditor(Collection<String> identifiers, Filter f, int page, int size) {
        writer.awaitReadable(); // every entry acknowledged so far, journaled ones included
        Page<MinLogEntry> p = repository.search(identifiers, f.from(), f.to(), f.system(), f.organisation(), null,
                Pageable.from(page, size));
        return new Result(p.getTotalSize(), p.getTotalPages(), p.getContent().stream().map(e -> new Shown(e, false)).toList());
    }

    /** Entries others made on behalf of the professional with these identifiers (authorization code, CPR). */
    public Result onBehalfOf(List<String> identifiers, Filter f, int page, int size) {
        writer.awaitReadable(); // every entry acknowledged so far, journaled ones included
        Page<MinLogEntry> p = repository.onBehalfOf(identifiers, f.from(), f.to(), f.system(), f.organisation(),
                Pageable.from(page, size));
        return new Result(p.getTotalSize(), p.getTotalPages(), p.getContent().stream().map(e -> new Shown(e, false)).toList());
    }

    /** Masking reads the current markings, so it covers entries written before a professional was marked. */
    private Result masked(Page<MinLogEntry> p) {
        List<ProtectedStaff> marked = p.getContent().isEmpty() ? List.of() : protectedStaff.findByEndedAtIsNullOrderByIdAsc();
        List<Shown> shown = p.getContent().stream()
                .map(e -> new Shown(e, marked.stream().anyMatch(m -> m.covers(e)))).toList();
        return new Result(p.getTotalSize(), p.getTotalPages(), shown);
    }
}
