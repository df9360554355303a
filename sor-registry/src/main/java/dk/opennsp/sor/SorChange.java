package dk.opennsp.sor;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * One accepted change to a SOR entity: the version it produced, who made it and when, the changed
 * fields ({@code {"field":{"from":…,"to":…}}} JSON) and the whole entity afterwards (JSON snapshot),
 * from which the entity as of an earlier date is read.
 */
@MappedEntity("sor_change")
public record SorChange(
        @Id @GeneratedValue @Nullable Long id,
        String sorCode,
        long version,
        ChangeType changeType,
        Instant changedAt,
        String changedBy,
        String changes,
        String snapshot) {

    public enum ChangeType { CREATE, UPDATE, MOVE, CLOSE }
}
