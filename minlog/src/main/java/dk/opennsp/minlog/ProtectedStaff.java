package dk.opennsp.minlog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * A professional at risk of violence, by authorization code and/or CPR: citizens see the department
 * and role of their log entries, never the name. {@code organisationId} limits it to one department
 * (null = everywhere).
 */
@MappedEntity("protected_staff")
public record ProtectedStaff(
        @Id @GeneratedValue @Nullable Long id,
        @Nullable String authorizationCode,
        @Nullable String cpr,
        @Nullable String organisationId,
        @Nullable String note,
        Instant createdAt,
        String createdBy,
        @Nullable Instant endedAt,
        @Nullable String endedBy) {

    /** Does this marking hide the person behind this stored entry? */
    public boolean covers(MinLogEntry e) {
        boolean person = ("Autorisation".equals(e.userIdSource()) && authorizationCode != null && authorizationCode.equals(e.userId()))
                || ("CPR".equals(e.userIdSource()) && cpr != null && cpr.equals(e.userId()));
        return person && (organisationId == null || organisationId.equals(e.organisationId()));
    }
}
