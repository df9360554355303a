package dk.opennsp.security.access;

import java.time.Instant;

/** Where a data item came from: what data-specific blockings are evaluated against. */
public record DataOrigin(String organisationSor, Instant createdAt) {
}
