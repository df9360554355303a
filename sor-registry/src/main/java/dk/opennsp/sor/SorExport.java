package dk.opennsp.sor;

import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * Full export and deltas for systems that keep a local copy of SOR. Pages are read from the
 * database in {@link SorFeed} order, which is commit order on every node: a client that resumes after
 * the last position (the cursor of a next link) or time ({@code lastModified}, as {@code since}) it
 * received never skips an entity and never needs the whole register in one response.
 */
@Singleton
public class SorExport {
    public static final int MAX_PAGE = 5000;
    private final SorOrganisationRepository repository;

    public SorExport(SorOrganisationRepository repository) {
        this.repository = repository;
    }

    /** Where a page ends: the next page starts after this feed position. */
    public record Cursor(long position) {
        public static final Cursor START = new Cursor(0);

        /** The position as it appears in a next link. */
        public String token() {
            return String.valueOf(position);
        }

        public static Cursor parse(String token) {
            try {
                long position = Long.parseLong(token == null ? "" : token);
                if (position >= 0) {
                    return new Cursor(position);
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw dk.opennsp.security.error.ApiException.badRequest("_cursor must be taken from a next link");
        }
    }

    public record Page(List<SorOrganisation> items, Cursor next) {
    }

    /** Entities modified at or after {@code since} (everything for EPOCH), after the cursor. */
    public Page page(Instant since, Cursor after, int size) {
        int limit = Math.max(1, Math.min(size, MAX_PAGE));
        List<SorOrganisation> items = repository.exportPage(since, after.position(), limit + 1);
        boolean more = items.size() > limit;
        List<SorOrganisation> page = more ? items.subList(0, limit) : items;
        SorOrganisation last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new Page(page, more ? new Cursor(last.changeSeq()) : null);
    }
}
