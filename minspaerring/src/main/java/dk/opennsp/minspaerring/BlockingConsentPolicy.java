package dk.opennsp.minspaerring;

import dk.opennsp.security.Caller;
import dk.opennsp.security.DataKind;
import dk.opennsp.security.access.ConsentDecision;
import dk.opennsp.security.access.ConsentPolicy;
import jakarta.inject.Singleton;

import java.time.Instant;

/** MinSpærring's answer to the access guard, from the in-memory index (no database round-trip). */
@Singleton
public class BlockingConsentPolicy implements ConsentPolicy {
    private final BlockingIndex index;

    public BlockingConsentPolicy(BlockingIndex index) {
        this.index = index;
    }

    @Override
    public ConsentDecision evaluate(Caller caller, String citizenCpr, DataKind kind, Instant at) {
        return index.verdict(Viewer.of(caller), citizenCpr, at).decision();
    }
}
