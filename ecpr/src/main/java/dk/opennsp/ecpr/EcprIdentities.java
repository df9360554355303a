package dk.opennsp.ecpr;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.access.PersonIdentities;
import jakarta.inject.Singleton;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A person's identifiers as the eCPR registry knows them: a CPR number with every eCPR linked to it, or an
 * eCPR with the CPR number it is linked to (and that number's other eCPRs), each with the duplicates merged
 * into it. Read from the database on each
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
        Set<String> all = new LinkedHashSet<>();
        all.add(personId);
        String cpr = personId;
        if (Identifiers.isEcpr(personId)) {
            Registration r = repository.findById(personId).orElse(null);
            if (r == null) {
                return all;
            }
            // a merged duplicate stands for the registration it was merged into
            Registration survivor = r.mergedInto() == null ? r : repository.findById(r.mergedInto()).orElse(r);
            addWithDuplicates(all, survivor.ecpr());
            cpr = survivor.linkedCpr();
            if (cpr == null) {
                return all;
            }
        } else if (!Identifiers.isCpr(personId)) {
            return all;
        }
        all.add(cpr);
        repository.findLinkedTo(cpr).forEach(r -> addWithDuplicates(all, r.ecpr()));
        return all;
    }

    private void addWithDuplicates(Set<String> all, String ecpr) {
        all.add(ecpr);
        repository.findMergedInto(ecpr).forEach(d -> all.add(d.ecpr()));
    }
}
