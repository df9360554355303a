package dk.opennsp.ecpr;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.access.PersonIdentities;
import jakarta.inject.Singleton;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A person's identifiers as the eCPR registry knows them: a CPR number with every eCPR linked to it, or an
 * eCPR with the CPR number it is linked to (and that number's other eCPRs). Read from the database on each
 * lookup, so a link made on any node applies at once everywhere.
 */
@Singleton
public class EcprIdentities implements PersonIdentities {
    private final RegistrationRepository repository;

    public EcprIdentities(RegistrationRepository repository) {
        this.repository = repository;
    }

    @Override
    public Set<String> of(String personId) {
        String cpr = personId;
        if (Identifiers.isEcpr(personId)) {
            cpr = repository.findById(personId).map(Registration::linkedCpr).orElse(null);
            if (cpr == null) {
                return Set.of(personId);
            }
        } else if (!Identifiers.isCpr(personId)) {
            return Set.of(personId);
        }
        Set<String> all = new LinkedHashSet<>();
        all.add(personId);
        all.add(cpr);
        repository.findLinkedTo(cpr).forEach(r -> all.add(r.ecpr()));
        return all;
    }
}
