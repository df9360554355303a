package dk.opennsp.security.access;

import dk.opennsp.security.Caller;
import dk.opennsp.security.DataKind;

/** Who wants which kind of data about which citizen, and whether they override blockings. */
public record AccessRequest(Caller caller, String citizenCpr, DataKind dataKind, ConsentOverride override) {
}
