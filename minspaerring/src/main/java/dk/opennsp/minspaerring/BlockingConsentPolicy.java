package dk.opennsp.minspaerring;

import dk.opennsp.security.Caller;
import dk.opennsp.security.DataKind;
import dk.opennsp.security.access.ConsentDecision;
import dk.opennsp.security.access.ConsentPolicy;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * MinSpærring's answer to the access guard: any caller-specific blocking active now suppresses
 * everything; data-specific blockings filter items by originating organisation.
 */
@Singleton
public class BlockingConsentPolicy implements ConsentPolicy {
    private final BlockingRepository repository;

    public BlockingConsentPolicy(BlockingRepository repository) {
        this.repository = repository;
    }

    @Override
    public ConsentDecision evaluate(Caller caller, String citizenCpr, DataKind kind, Instant at) {
        Set<String> blockedOrigins = new HashSet<>();
        for (Blocking blocking : repository.findByCitizenCprOrderByCreatedAtDesc(citizenCpr)) {
            if (!blocking.activeAt(at)) {
                continue;
            }
            switch (blocking.kind()) {
                case ALL -> {
                    return ConsentDecision.SUPPRESS;
                }
                case PROFESSIONAL -> {
                    if (blocking.target().equals(caller.authorizationCode()) || blocking.target().equals(caller.cpr())) {
                        return ConsentDecision.SUPPRESS;
                    }
                }
                case ORGANISATION -> {
                    if (caller.sorCode().filter(blocking.target()::equals).isPresent()) {
                        return ConsentDecision.SUPPRESS;
                    }
                }
                case DATA_FROM_ORGANISATION -> blockedOrigins.add(blocking.target());
            }
        }
        if (blockedOrigins.isEmpty()) {
            return ConsentDecision.ALLOW;
        }
        return new ConsentDecision.Filter(origin -> !blockedOrigins.contains(Objects.toString(origin.organisationSor(), "")));
    }
}
