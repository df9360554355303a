package dk.opennsp.security.access;

import java.util.List;

/**
 * What the guard lets through: the visible items, and whether blockings withheld anything
 * (suppressed = a general blocking, nothing returned; withheld > 0 = some items filtered).
 */
public record GuardedResult<T>(List<T> items, boolean suppressed, int withheld) {

    public boolean dataWithheld() {
        return suppressed || withheld > 0;
    }

    /** Nothing shown because of blockings: a general blocking, or data-specific ones that withheld every item. */
    public boolean nothingShown() {
        return suppressed || (items.isEmpty() && withheld > 0);
    }
}
