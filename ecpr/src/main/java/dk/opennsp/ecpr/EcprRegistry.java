package dk.opennsp.ecpr;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The national eCPR registry: registers a person without a CPR number under a new eCPR that no one else has
 * (the database's key decides between simultaneous registrations), and finds them again by eCPR, by name and
 * birth date, or by an external identifier, so a returning patient keeps the number they got.
 */
@Singleton
public class EcprRegistry {
    private static final Pattern SYSTEM = Pattern.compile("(urn:oid:[0-2](\\.\\d+)+|https?://\\S+)");
    private static final int MAX_TEXT = 200;

    private final RegistrationRepository repository;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    public EcprRegistry(RegistrationRepository repository, TransactionOperations<Connection> transactions, Clock clock) {
        this.repository = repository;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What a registration is made of; the eCPR is given by the registry. */
    public record Draft(LocalDate birthDate, EcprNumbers.Gender gender, String givenName, String familyName,
                        @Nullable String address, @Nullable String contact, List<ExternalIdentifier> identifiers) {
    }

    /** The registration, and whether this call created it (false: the person was known by one of the identifiers). */
    public record Registered(Registration registration, List<ExternalIdentifier> identifiers, boolean created) {
    }

    /** An identifier the draft carries already belongs to a registration: that one is the person's. */
    private static final class IdentifierTaken extends RuntimeException {
        private final ExternalIdentifier identifier;

        IdentifierTaken(ExternalIdentifier identifier) {
            super(null, null, false, false);
            this.identifier = identifier;
        }
    }

    /**
     * Registers the person, or returns the registration that already holds one of their external identifiers
     * (so two hospitals registering the same passport holder at once end with one eCPR).
     */
    public Registered register(Draft draft, String registeredBy, @Nullable String registeredBySor) {
        validate(draft);
        for (ExternalIdentifier id : draft.identifiers()) {
            Optional<Registration> known = repository.findByIdentifier(id.system(), id.value());
            if (known.isPresent()) {
                return new Registered(known.get(), identifiers(known.get().ecpr()), false);
            }
        }
        try {
            Registration created = transactions.executeWrite(status -> insert(draft, registeredBy, registeredBySor));
            return new Registered(created, identifiers(created.ecpr()), true);
        } catch (IdentifierTaken taken) {
            Registration known = repository.findByIdentifier(taken.identifier.system(), taken.identifier.value())
                    .orElseThrow(() -> ApiException.conflict("The identifier " + taken.identifier.system() + "|"
                            + taken.identifier.value() + " is being registered by someone else; try again"));
            return new Registered(known, identifiers(known.ecpr()), false);
        }
    }

    private Registration insert(Draft d, String registeredBy, String registeredBySor) {
        List<String> candidates = EcprNumbers.candidates(d.birthDate(), d.gender(), d.givenName(), d.familyName());
        Set<String> taken = new HashSet<>();
        repository.findByPrefix(candidates.get(0).substring(0, 7) + "%").forEach(r -> taken.add(r.ecpr()));
        Instant now = clock.instant();
        for (String ecpr : candidates) {
            if (taken.contains(ecpr)) {
                continue;
            }
            // a number registered meanwhile by someone else makes this insert a no-op: try the next
            if (repository.tryInsert(ecpr, d.birthDate(), d.gender().name().toLowerCase(Locale.ROOT), d.givenName(), d.familyName(),
                    d.address(), d.contact(), now, registeredBy, registeredBySor) == 1) {
                for (ExternalIdentifier id : d.identifiers()) {
                    if (repository.tryInsertIdentifier(id.system(), id.value(), ecpr) == 0) {
                        throw new IdentifierTaken(id); // rolls the registration back
                    }
                }
                return repository.findById(ecpr).orElseThrow();
            }
        }
        throw ApiException.conflict("Every eCPR for this birth date and gender is taken");
    }

    /**
     * Links the registration to the CPR number the person has got: from now on they are one person under both
     * (lookups, blockings and the log). Linking again to the same number changes nothing; to another is a 409.
     */
    public Registration link(String number, String cpr, String by) {
        if (!Identifiers.isCpr(cpr)) {
            throw ApiException.badRequest(Identifiers.personIdProblem(Identifiers.CPR_SYSTEM, cpr));
        }
        return transactions.executeWrite(status -> {
            Registration r = find(number).orElseThrow(() -> ApiException.notFound("No eCPR registration " + number));
            String ecpr = r.ecpr();
            if (cpr.equals(r.linkedCpr())) {
                return r;
            }
            if (r.linkedCpr() != null || repository.link(ecpr, cpr, clock.instant(), by) == 0) {
                throw ApiException.conflict(ecpr + " is already linked to another CPR number; an administrator must undo that first");
            }
            repository.audit(ecpr, cpr, "link", by, null, clock.instant());
            return repository.findById(ecpr).orElseThrow();
        });
    }

    /** Undoes a link made in error (an administrator's act, audited with their note). */
    public Registration unlink(String number, String by, String note) {
        return transactions.executeWrite(status -> {
            Registration r = find(number).orElseThrow(() -> ApiException.notFound("No eCPR registration " + number));
            String ecpr = r.ecpr();
            if (r.linkedCpr() == null || repository.unlink(ecpr, r.linkedCpr(), clock.instant()) == 0) {
                throw ApiException.conflict(ecpr + " is not linked to a CPR number");
            }
            repository.audit(ecpr, r.linkedCpr(), "unlink", by, note, clock.instant());
            return repository.findById(ecpr).orElseThrow();
        });
    }

    /**
     * Corrects a person's details (a new version; the eCPR stays: numbers are never reissued). {@code version}
     * must be the current one (409 otherwise); identifiers in the draft are added to those already known.
     */
    public Registration update(String ecpr, int version, Draft d) {
        validate(d);
        return transactions.executeWrite(status -> {
            Registration r = repository.findById(ecpr).orElseThrow(() -> ApiException.notFound("No eCPR registration " + ecpr));
            if (r.mergedInto() != null) {
                throw ApiException.conflict(ecpr + " was merged into " + r.mergedInto() + ": update that registration");
            }
            if (repository.update(ecpr, version, d.birthDate(), d.gender().name().toLowerCase(Locale.ROOT), d.givenName(), d.familyName(),
                    d.address(), d.contact(), clock.instant()) == 0) {
                throw ApiException.preconditionFailed("The registration has changed: version " + r.version() + " is current");
            }
            for (ExternalIdentifier id : d.identifiers()) {
                Optional<Registration> owner = repository.findByIdentifier(id.system(), id.value());
                if (owner.isPresent() && !owner.get().ecpr().equals(ecpr)) {
                    throw ApiException.conflict("The identifier " + id.system() + "|" + id.value() + " belongs to another registration");
                }
                repository.tryInsertIdentifier(id.system(), id.value(), ecpr);
            }
            return repository.findById(ecpr).orElseThrow();
        });
    }

    /**
     * Merges a second registration of the same person into the first: the second number lives on as an alias
     * (its data, blockings and log stay the person's), its identifiers move to the survivor. Audited.
     */
    public Registration merge(String duplicate, String into, String by) {
        if (duplicate.equals(into)) {
            throw ApiException.badRequest("A registration cannot be merged into itself");
        }
        return transactions.executeWrite(status -> {
            Registration source = repository.findById(duplicate).orElseThrow(() -> ApiException.notFound("No eCPR registration " + duplicate));
            Registration target = repository.findById(into).orElseThrow(() -> ApiException.notFound("No eCPR registration " + into));
            if (target.mergedInto() != null) {
                throw ApiException.conflict(into + " was itself merged into " + target.mergedInto() + ": merge into that one");
            }
            if (source.linkedCpr() != null) {
                throw ApiException.conflict(duplicate + " is linked to a CPR number: link the surviving registration instead");
            }
            if (repository.merge(duplicate, into, clock.instant(), by) == 0) {
                throw ApiException.conflict(duplicate + " is already merged");
            }
            repository.findMergedInto(duplicate).forEach(earlier -> repository.merge(earlier.ecpr(), into, clock.instant(), by));
            repository.moveIdentifiers(duplicate, into);
            repository.audit(duplicate, into, "merge", by, null, clock.instant());
            return repository.findById(into).orElseThrow();
        });
    }

    public List<RegistrationRepository.LinkEvent> linkHistory(String ecpr) {
        return repository.linkHistory(ecpr);
    }

    /** The registration of this eCPR; for a merged duplicate, the one it was merged into. */
    public Optional<Registration> find(String ecpr) {
        if (!Identifiers.isEcpr(ecpr)) {
            return Optional.empty();
        }
        return repository.findById(ecpr).flatMap(r -> r.mergedInto() == null ? Optional.of(r) : repository.findById(r.mergedInto()));
    }

    public Optional<Registration> findByIdentifier(String system, String value) {
        return repository.findByIdentifier(system, value);
    }

    public List<Registration> findByName(String familyName, @Nullable String givenName, LocalDate birthDate) {
        return repository.findByNameAndBirthDate(familyName.trim(), givenName == null ? null : givenName.trim(), birthDate);
    }

    public List<ExternalIdentifier> identifiers(String ecpr) {
        return repository.identifiers(ecpr).stream().map(r -> new ExternalIdentifier(r.identifierSystem(), r.identifierValue())).toList();
    }

    static void validate(Draft d) {
        if (d.birthDate() == null || d.gender() == null) {
            throw ApiException.badRequest("A registration needs a birth date and a gender (male or female)");
        }
        if (d.birthDate().isAfter(LocalDate.now()) || d.birthDate().getYear() < 1850) {
            throw ApiException.badRequest("The birth date must be a real date in the past");
        }
        text("family name", d.familyName(), true);
        text("given name", d.givenName(), true);
        text("address", d.address(), false);
        text("contact", d.contact(), false);
        if (d.identifiers().size() > 10) {
            throw ApiException.badRequest("At most 10 other identifiers");
        }
        for (ExternalIdentifier id : d.identifiers()) {
            if (id.system() == null || !SYSTEM.matcher(id.system()).matches() || id.system().length() > MAX_TEXT) {
                throw ApiException.badRequest("An identifier's system must be an OID (urn:oid:…) or a URL");
            }
            if (Identifiers.CPR_SYSTEM.equals(id.system()) || Identifiers.ECPR_SYSTEM.equals(id.system())) {
                throw ApiException.badRequest("A person with a CPR number is not registered here, and the eCPR is given by the registry");
            }
            if (id.value() == null || id.value().isBlank() || id.value().length() > 100) {
                throw ApiException.badRequest("An identifier's value must be 1-100 characters");
            }
        }
    }

    private static void text(String field, @Nullable String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw ApiException.badRequest("A registration needs a " + field);
            }
            return;
        }
        if (value.length() > MAX_TEXT) {
            throw ApiException.badRequest("The " + field + " is at most " + MAX_TEXT + " characters");
        }
    }
}
