package dk.opennsp.services.ecpr;

import dk.opennsp.ecpr.EcprRegistry;
import dk.opennsp.ecpr.ExternalIdentifier;
import dk.opennsp.ecpr.Registration;
import dk.opennsp.security.Caller;
import dk.opennsp.security.DataKind;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.access.AccessGuard;
import dk.opennsp.security.access.AccessRequest;
import dk.opennsp.security.access.ConsentOverride;
import dk.opennsp.security.access.DataOrigin;
import dk.opennsp.security.access.GuardedResult;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.services.fhir.SearchBundles;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The eCPR registry on the access path, for every adapter (FHIR Patient, the DGWS service): who may register
 * and search is the guard's decision, and every registration that is returned is read through the guard, so
 * the person's blockings apply and the access is in their log.
 */
@Singleton
public class PersonRegistrations {
    private final EcprRegistry registry;
    private final AccessGuard guard;

    public PersonRegistrations(EcprRegistry registry, AccessGuard guard) {
        this.registry = registry;
        this.guard = guard;
    }

    /** A registration as the caller may see it, with the identifiers it is known by. */
    public record Shown(Registration registration, List<ExternalIdentifier> identifiers) {
    }

    /** What a register call answered: the person, and whether they were created now (else found by an identifier). */
    public record Outcome(Shown person, boolean created) {
    }

    /** Matches the caller may see, and how many the persons' blockings withheld. */
    public record Found(List<Shown> persons, int withheld) {
    }

    /**
     * Registers the person, or returns who is already registered under {@code ifNoneExist} or under one of the
     * draft's identifiers. Blocked from the caller: a 403 (the person exists, the caller may not see them).
     */
    public Outcome register(Caller caller, EcprRegistry.Draft draft, @Nullable ExternalIdentifier ifNoneExist,
                            @Nullable ConsentOverride override) {
        guard.authorize(caller, DataKind.PERSON_REGISTRATION);
        if (ifNoneExist != null) {
            Optional<Registration> known = registry.findByIdentifier(ifNoneExist.system(), ifNoneExist.value());
            if (known.isPresent()) {
                return new Outcome(readOrRefuse(caller, known.get(), override), false);
            }
        }
        if (draft == null) {
            throw ApiException.badRequest("The person to register is required");
        }
        EcprRegistry.Registered registered = registry.register(draft, caller.displayName(),
                caller.organisation() != null && caller.organisation().isSor() ? caller.organisation().id() : null);
        return new Outcome(readOrRefuse(caller, registered.registration(), override), registered.created());
    }

    /** Corrects the person's details; {@code version} from If-Match (null: 428). Answers the new version, read through the guard. */
    public Shown update(Caller caller, String ecpr, @Nullable Long version, EcprRegistry.Draft draft, @Nullable ConsentOverride override) {
        guard.authorize(caller, DataKind.PERSON_REGISTRATION);
        if (version == null) {
            throw ApiException.preconditionRequired("If-Match with the version you read is required");
        }
        Registration current = registry.find(ecpr).orElseThrow(() -> ApiException.notFound("No eCPR registration " + ecpr));
        // the caller may change only what they may see
        readOrRefuse(caller, current, override);
        return readOrRefuse(caller, registry.update(current.ecpr(), version.intValue(), draft), override);
    }

    /** One registration by eCPR; 404 when unknown, 403 when the person's blockings hide it from the caller. */
    public Shown read(Caller caller, String ecpr, @Nullable ConsentOverride override) {
        guard.authorize(caller, DataKind.PERSON_REGISTRATION);
        Registration found = registry.find(ecpr).orElseThrow(() -> ApiException.notFound("No eCPR registration " + ecpr));
        return readOrRefuse(caller, found, override);
    }

    /** By an identifier (the eCPR or another one). */
    public Found byIdentifier(Caller caller, String system, String value, @Nullable ConsentOverride override) {
        guard.authorize(caller, DataKind.PERSON_REGISTRATION);
        Optional<Registration> found = Identifiers.ECPR_SYSTEM.equals(system) ? registry.find(value) : registry.findByIdentifier(system, value);
        return shown(caller, found.map(List::of).orElse(List.of()), override);
    }

    /** By family name and birth date, and the given name when known. */
    public Found byName(Caller caller, String family, @Nullable String given, LocalDate birthDate, @Nullable ConsentOverride override) {
        guard.authorize(caller, DataKind.PERSON_REGISTRATION);
        if (family == null || family.isBlank() || family.length() > 200 || (given != null && given.length() > 200)) {
            throw ApiException.badRequest("Search by a family name (1-200 characters) and a birth date");
        }
        return shown(caller, registry.findByName(family, given, birthDate), override);
    }

    private Found shown(Caller caller, List<Registration> matches, @Nullable ConsentOverride override) {
        List<Shown> visible = new ArrayList<>();
        int withheld = 0;
        for (Registration r : matches) {
            GuardedResult<Registration> result = read(caller, r, override);
            if (result.items().isEmpty()) {
                withheld++;
            } else {
                visible.add(new Shown(r, registry.identifiers(r.ecpr())));
            }
        }
        return new Found(visible, withheld);
    }

    private Shown readOrRefuse(Caller caller, Registration registration, @Nullable ConsentOverride override) {
        if (read(caller, registration, override).items().isEmpty()) {
            throw new ApiException(io.micronaut.http.HttpStatus.FORBIDDEN, org.hl7.fhir.r4.model.OperationOutcome.IssueType.SUPPRESSED,
                    SearchBundles.SUPPRESSED_ALL);
        }
        return new Shown(registration, registry.identifiers(registration.ecpr()));
    }

    private GuardedResult<Registration> read(Caller caller, Registration registration, @Nullable ConsentOverride override) {
        return guard.read(new AccessRequest(caller, registration.ecpr(), DataKind.PERSON_REGISTRATION, override),
                () -> List.of(registration), r -> new DataOrigin(r.registeredBySor(), r.createdAt()));
    }
}
