package dk.opennsp.minlog;

import dk.opennsp.security.Caller;
import dk.opennsp.security.access.AccessLogEntry;
import dk.opennsp.security.error.ApiException;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Bulk registration of MinLog entries by external systems (SOAP AddRegistrations, REST): each entry
 * is judged on its own, the valid ones are stored through the same durable group-commit writer the
 * access guard uses, and the caller learns exactly which entries failed and why.
 */
@Singleton
public class MinLogRegistrations {
    public static final int MAX_ENTRIES = 5000;
    private static final Instant EARLIEST = Instant.parse("2015-01-01T00:00:00Z");
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    private static final Pattern CPR = Pattern.compile("\\d{10}");
    private static final Pattern ECPR = Pattern.compile("[0-9A-Za-z]{10}");
    private static final Set<String> ORGANISATION_SOURCES = Set.of("SOR", "YDER", "CVR", "EuropeanHealthcareOrganisation");
    private static final Set<String> USER_SOURCES = Set.of("CPR", "Autorisation", "EuropeanHealthcareProfessional");
    private static final Set<String> ON_BEHALF_OF_SOURCES = Set.of("CPR", "Autorisation");

    private final GroupCommitLogWriter writer;
    private final Clock clock;

    public MinLogRegistrations(GroupCommitLogWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * One submitted entry: its position in the request (1-based), and either the entry as read or the
     * reason it could not be read (e.g. not valid per the MinLog2 schema).
     */
    public record Submitted(int position, AccessLogEntry entry, String sequenceNumber, String unreadable) {
        public static Submitted of(int position, AccessLogEntry entry) {
            return new Submitted(position, entry, entry.sequenceNumber(), null);
        }

        public static Submitted unreadable(int position, String sequenceNumber, String problem) {
            return new Submitted(position, null, sequenceNumber, problem);
        }
    }

    public record Failure(int position, String faultCode, String faultText, String sequenceNumber) {
    }

    public record Result(int added, List<Failure> failed) {
    }

    /** Who may register: systems of an organisation (a DGWS system card or a JWT system token). */
    public static String registrant(Caller caller) {
        if (!caller.is(Caller.UserType.SYSTEM) || caller.organisation() == null) {
            throw ApiException.forbidden("MinLog registrations are made by health-care systems");
        }
        String system = caller.itSystem() == null ? "" : "/" + caller.itSystem();
        return truncate(caller.organisation().idType() + ":" + caller.organisation().id() + system, 200);
    }

    public Result register(Caller caller, List<Submitted> submitted) {
        String registrant = registrant(caller);
        if (submitted.isEmpty() || submitted.size() > MAX_ENTRIES) {
            throw ApiException.badRequest("A registration holds 1 to " + MAX_ENTRIES + " entries");
        }
        Instant now = clock.instant();
        List<AccessLogEntry> valid = new ArrayList<>(submitted.size());
        List<Failure> failed = new ArrayList<>();
        for (Submitted s : submitted) {
            AccessLogEntry entry = s.entry() == null ? null : stored(s.entry(), registrant);
            Problem problem = entry == null ? new Problem("invalid_entry", s.unreadable()) : problem(entry, now);
            if (problem != null) {
                failed.add(new Failure(s.position(), problem.code(), "Entry " + s.position() + ": " + problem.text(),
                        s.sequenceNumber()));
            } else {
                valid.add(entry);
            }
        }
        if (!valid.isEmpty()) {
            writer.recordAll(valid);
        }
        return new Result(valid.size(), failed);
    }

    /** A broken rule: the FaultCode and what the registering system should fix. */
    record Problem(String code, String text) {
    }

    /** The first rule the entry breaks, or null. Mirrors the MinLog2 schema's limits. */
    static Problem problem(AccessLogEntry e, Instant now) {
        String cpr = e.citizenCpr();
        if (cpr == null || !("CPR".equals(e.citizenIdSource()) ? CPR : ECPR).matcher(cpr).matches()
                || !Set.of("CPR", "eCPR").contains(e.citizenIdSource())) {
            return new Problem("invalid_person_identifier", "PersonIdentifier must be a 10-digit CPR number (source CPR) or a "
                    + "10-character replacement number (source eCPR)");
        }
        if (e.occurredAt() == null) {
            return new Problem("invalid_datetime", "DateTime (or FromDateTime and ToDateTime) is required");
        }
        if (e.occurredAt().isBefore(EARLIEST) || e.occurredAt().isAfter(now.plus(FUTURE_TOLERANCE))
                || (e.occurredTo() != null && (e.occurredTo().isBefore(e.occurredAt()) || e.occurredTo().isAfter(now.plus(FUTURE_TOLERANCE))))) {
            return new Problem("invalid_datetime", "the time must lie between 2015-01-01 and now, and ToDateTime not before FromDateTime");
        }
        String text = length("SystemName", e.systemName(), 1, 25) + length("Activity", e.activity(), 1, 75)
                + length("Reason", e.reason(), 0, 50) + length("Addition", e.addition(), 1, 50)
                + length("Criticality", e.criticality(), 1, 50) + length("OrganisationId", e.organisationId(), 0, 200)
                + length("OrganisationName", e.organisationName(), 0, 200) + length("PersonName", e.personName(), 0, 50)
                + length("CorrelationId", e.correlationId(), 1, 46) + length("SequenceNumber", e.sequenceNumber(), 0, 36)
                + length("UserPersonIdentifier", e.userId(), 1, 50) + length("UserPersonName", e.userName(), 0, 50)
                + length("UserRole", e.userRole(), 0, 200) + length("OnBehalfOfPersonIdentifier", e.onBehalfOfId(), 0, 50)
                + length("OnBehalfOfPersonName", e.onBehalfOfName(), 0, 50) + length("OnBehalfOfUserRole", e.onBehalfOfRole(), 0, 200);
        if (!text.isEmpty()) {
            return new Problem("invalid_field", text.trim());
        }
        if (e.organisationId() != null && !ORGANISATION_SOURCES.contains(e.organisationIdSource())) {
            return new Problem("invalid_field", "OrganisationId source must be SOR, YDER, CVR or EuropeanHealthcareOrganisation");
        }
        if (!USER_SOURCES.contains(e.userIdSource())) {
            return new Problem("invalid_field", "UserPersonIdentifier source must be CPR, Autorisation or EuropeanHealthcareProfessional");
        }
        if (e.onBehalfOfId() != null && !ON_BEHALF_OF_SOURCES.contains(e.onBehalfOfIdSource())) {
            return new Problem("invalid_field", "OnBehalfOfPersonIdentifier source must be CPR or Autorisation");
        }
        if (e.filters() != null && (e.filters().size() > 10 || e.filters().stream().anyMatch(f -> f == null || f.isEmpty() || f.length() > 50))) {
            return new Problem("invalid_field", "at most 10 Filter values of 1 to 50 characters");
        }
        return null;
    }

    private static String length(String field, String value, int min, int max) {
        int n = value == null ? 0 : value.length();
        return n < min || n > max ? field + (min > 0 ? " is required and" : "") + " must be at most " + max + " characters. " : "";
    }

    /**
     * The entry as it is stored: the MinLog2 defaults for what the sender left out (Addition and
     * Criticality "Ingen", a fresh CorrelationId, no Filters) and the registering system.
     */
    private static AccessLogEntry stored(AccessLogEntry e, String registrant) {
        return new AccessLogEntry(e.citizenCpr(), e.citizenIdSource(), e.occurredAt(), e.occurredTo(), e.systemName(),
                e.activity(), e.reason(), Objects.requireNonNullElse(e.addition(), AccessLogEntry.ADDITION_NONE),
                Objects.requireNonNullElse(e.criticality(), AccessLogEntry.CRITICALITY_NONE), e.organisationId(),
                e.organisationIdSource(), e.organisationName(), e.personName(), e.userId(), e.userIdSource(), e.userName(),
                e.userRole(), e.onBehalfOfId(), e.onBehalfOfIdSource(), e.onBehalfOfName(), e.onBehalfOfRole(),
                Objects.requireNonNullElse(e.filters(), List.of()),
                e.correlationId() != null ? e.correlationId() : UUID.randomUUID().toString(), e.sequenceNumber(), registrant);
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
