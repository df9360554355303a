package dk.opennsp.minspaerring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** Who registered or ended a blocking, through which channel (self, custody, procuration, paper, phone). */
@MappedEntity("blocking_audit")
public record BlockingAudit(
        @Id @GeneratedValue @Nullable Long id,
        long blockingId,
        String citizenCpr,
        String action,
        String channel,
        String actor,
        @Nullable String actorName,
        @Nullable String note,
        Instant at) {
}
