package dk.opennsp.sor;

import jakarta.inject.Singleton;

import java.util.Optional;

/** Names organisations by SOR code for the other modules (FHIR display names, log entries). */
@Singleton
public class SorDirectory {
    private final SorOrganisationRepository repository;

    public SorDirectory(SorOrganisationRepository repository) {
        this.repository = repository;
    }

    public Optional<SorOrganisation> find(String sorCode) {
        return sorCode == null ? Optional.empty() : repository.findById(sorCode);
    }

    public Optional<String> nameOf(String sorCode) {
        return find(sorCode).map(SorOrganisation::name);
    }
}
