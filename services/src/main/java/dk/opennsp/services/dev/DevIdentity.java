package dk.opennsp.services.dev;

import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** A fictive demo identity and the claims its dev token carries. Not real people. */
@Serdeable
public record DevIdentity(String id, String description, Map<String, Object> claims) {
}
