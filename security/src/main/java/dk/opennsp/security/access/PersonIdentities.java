package dk.opennsp.security.access;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.util.Set;

/**
 * Every identifier one person is known by: a CPR number and the national eCPRs linked to it (a person
 * registered without a CPR number who got one later). The access path reads, blocks and logs a person by
 * all of them, so linking keeps their history together. Implemented by the eCPR registry; without it, a
 * person has the one identifier they were asked for by.
 */
public interface PersonIdentities {

    /** The identifiers of the person {@code personId} names, {@code personId} included. */
    Set<String> of(String personId);

    /** No registry: every identifier stands alone. */
    @Singleton
    @Secondary
    class Single implements PersonIdentities {
        @Override
        public Set<String> of(String personId) {
            return Set.of(personId);
        }
    }
}
