package dk.opennsp.sor;

import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * Full export and deltas for systems that keep a local copy of SOR. Pages are read from the
 * database in (last_modified, sor_code) order, so a client that resumes from the last entity it
 * received never skips one and never needs the whole register in one response.
 */
@Singleton
public class SorExport {
    public static final int MAX_PAGE = 5000;
    private final SorOrganisationRepository repository;

    public SorExport(SorOrganisationRepository repository) {
        this.repository = repository;
    }

    /** Where a page ends: the next page starts after this entity. */
    public record Cursor(Instant lastModified, String sorCode) {
        public static final Cursor START = new Cursor(Instant.EPOCH, "");

        /** {@code 2026-01-01T10:00:00.123456Z~440081000016006} as it appears in a next link. */
        public String token() {
            return lastModified + "~" + sorCode;
        }

        public static Cursor parse(String token) {
            int tilde = token == null ? -1 : token.indexOf('~');
            if (tilde < 0) {
                throw dk.opennsp.security.error.ApiException.badRequest("_cursor must be taken from a next link");
            }
            try {
                return new Cursor(Instant.parse(token.substring(0, tilde)), token.substring(tilde + 1));
            } catch (java.time.DateTimeException e) {
                throw dk.opennsp.security.error.ApiException.badRequest("_cursor must be taken from a next link");
            }
        }
    }

    public record Page(List<SorOrganisation> items, Cursor next) {
    }

    /** Entities modified at or after {@code since} (everything for EPOCH), after the cursor. */
    public Page page(Instant since, Cursor after, int size) {
        int limit = Math.max(1, Math.min(size, MAX_PAGE));
        List<SorOrganisation> items = repository.exportPage(since, after.lastModified(), after.sorCode(), limit + 1);
        boolean more = items.size() > limit;
        List<SorOrganisation> page = more ? items.subList(0, limit) : items;
        SorOrganisation last = page.isEmpty() ? null : page.get(page.size() - 1);
        return new Page(page, more ? new Cursor(last.lastModified(), last.sorCode()) : null);
    }
}
