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
}
