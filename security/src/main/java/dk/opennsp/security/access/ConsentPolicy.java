package dk.opennsp.security.access;

import dk.opennsp.security.Caller;
import dk.opennsp.security.DataKind;

import java.time.Instant;

/**
 * SPI implemented by MinSpærring: the citizen's blockings for one caller at one instant.
 * Implementations throw (any RuntimeException) when they cannot answer; the guard then fails closed.
 */
public interface ConsentPolicy {
    ConsentDecision evaluate(Caller caller, String citizenCpr, DataKind kind, Instant at);
}
