package dk.opennsp.sor;

import dk.opennsp.cluster.ChangeChannel;
import dk.opennsp.cluster.ChangeTopic;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.sor.SorChange.ChangeType;
import dk.opennsp.sor.SorOrganisation.SorEntityType;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Maintenance of SOR by region administrators: create, update, move and close, each checked
 * against the admin's region, the caller's version and the tree's rules, and recorded as a
 * {@link SorChange} in the same transaction as the entity itself.
 *
 * <p>Writes are serialised by the database, on every node at once: each write transaction first
 * takes the {@link SorFeed} lock, then checks its rules (cycle, open sub-units, SHAK, version) against
 * committed rows, never against this node's in-memory tree, and announces itself on the
 * {@link ChangeChannel} so the other nodes' trees follow within milliseconds.
 */
@Singleton
public class SorRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SorRegistry.class);
    /** SOR dates are Danish calendar dates. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    private static final Set<String> UNVERSIONED_FIELDS = Set.of("version", "lastModified", "modifiedBy", "changeSeq");

    private final SorOrganisationRepository organisations;
    private final SorChangeRepository changes;
    private final SorRefusalRepository refusals;
    private final SorTree tree;
    private final TransactionOperations<Connection> transactions;
    private final JsonMapper json;
    private final Clock clock;
    private final SorFeed feed;
    private final ChangeChannel channel;

    public SorRegistry(SorOrganisationRepository organisations, SorChangeRepository changes, SorRefusalRepository refusals,
                       SorTree tree, TransactionOperations<Connection> transactions, JsonMapper json, Clock clock,
                       SorFeed feed, ChangeChannel channel) {
        this.organisations = organisations;
        this.changes = changes;
        this.refusals = refusals;
        this.tree = tree;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.feed = feed;
        this.channel = channel;
    }

    public SorOrganisation create(SorAdmin admin, SorUnitDraft draft) {
        String code = SorRules.sorCode("sorCode", SorRules.trim(draft.sorCode()));
        String parentCode = SorRules.sorCode("parentSorCode", SorRules.trim(draft.parentSorCode()));
        SorEntityType type = SorRules.creatableType(draft.entityType());
        authorize(admin, parent(parentCode), "CREATE", code);
        return write(stamps -> {
            if (organisations.existsById(code)) {
                throw ApiException.conflict("SOR code " + code + " already exists");
            }
            SorOrganisation parent = parent(parentCode);
            SorRules.checkParentType(type, parent);
            checkOpen(parent, "parent");
            if (draft.regionCode() != null && !draft.regionCode().equals(parent.regionCode())) {
                throw ApiException.unprocessable("A unit belongs to its parent's region " + parent.regionCode()
                        + "; regionCode " + draft.regionCode() + " does not match");
            }
            SorOrganisation created = fromDraft(draft, code, type, parent.sorCode(), parent.regionCode(),
                    parent.ownerType(), null, today(), admin);
            checkShakUnique(created);
            SorOrganisation saved = organisations.save(created.stamped(1, stamps.next(), admin.who()));
            record(ChangeType.CREATE, null, saved);
            return saved;
        });
    }

    /** Replaces the editable fields. The parent (use move), type and region never change here. */
    public SorOrganisation update(SorAdmin admin, String code, Long expectedVersion, SorUnitDraft draft) {
        return change(admin, code, expectedVersion, "UPDATE", current -> {
            if (draft.sorCode() != null && !draft.sorCode().trim().equals(code)) {
                throw ApiException.unprocessable("sorCode in the body (" + draft.sorCode() + ") is not the unit being updated");
            }
            if (draft.parentSorCode() != null && !draft.parentSorCode().trim().equals(current.parentSorCode())) {
                throw ApiException.unprocessable("Updating does not change the parent: use move");
            }
            if (draft.regionCode() != null && !draft.regionCode().trim().equals(current.regionCode())) {
                throw ApiException.unprocessable("A unit's owner region cannot change (it is " + current.regionCode() + ")");
            }
            if (draft.entityType() != null && !draft.entityType().trim().equalsIgnoreCase(current.entityType().name())) {
                throw ApiException.unprocessable("A unit's entity type cannot change (it is " + current.entityType() + ")");
            }
            SorOrganisation updated = fromDraft(draft, code, current.entityType(), current.parentSorCode(),
                    current.regionCode(), current.ownerType(), current.replacedBySorCode(), current.fromDate(), admin);
            if (current.toDate() != null && updated.toDate() == null) {
                // reopening is allowed, but only with its parent open
                organisations.findById(current.parentSorCode()).ifPresent(p -> checkOpen(p, "parent"));
            }
            checkShakUnique(updated);
            return new Outcome(ChangeType.UPDATE, updated);
        });
    }

    public SorOrganisation move(SorAdmin admin, String code, Long expectedVersion, String newParentCode) {
        String target = SorRules.sorCode("parentSorCode", SorRules.trim(newParentCode));
        return change(admin, code, expectedVersion, "MOVE", current -> {
            if (target.equals(current.parentSorCode())) {
                throw ApiException.unprocessable(code + " is already under " + target);
            }
            SorOrganisation parent = organisations.findById(target)
                    .orElseThrow(() -> ApiException.unprocessable("Unknown parent SOR code " + target));
            if (target.equals(code) || storedWithin(target, code)) {
                throw ApiException.unprocessable("Moving " + code + " under " + target + " would make a cycle ("
                        + target + " is " + (target.equals(code) ? "the unit itself" : "one of its sub-units") + ")");
            }
            if (!Objects.equals(parent.regionCode(), current.regionCode())) {
                throw ApiException.unprocessable("Moving " + code + " under " + target + " would change its owner region from "
                        + current.regionCode() + " to " + parent.regionCode() + "; a unit's owner region cannot change");
            }
            SorRules.checkParentType(current.entityType(), parent);
            checkOpen(parent, "new parent");
            return new Outcome(ChangeType.MOVE, current.withParent(target));
        });
    }

    /** Closes a unit: its ToDate becomes the last open day. Its sub-units must be closed by then. */
    public SorOrganisation close(SorAdmin admin, String code, Long expectedVersion, String toDate, String replacedBy) {
        LocalDate to = Optional.ofNullable(SorRules.date("toDate", toDate)).orElseGet(this::today);
        String replacement = SorRules.optionalSorCode("replacedBySorCode", replacedBy);
        return change(admin, code, expectedVersion, "CLOSE", current -> {
            if (current.toDate() != null && !current.toDate().isAfter(today())) {
                throw ApiException.conflict(code + " is already closed (ToDate " + current.toDate() + ")");
            }
            SorRules.checkPeriod(current.fromDate(), to);
            List<SorOrganisation> open = organisations.findByParentSorCode(code).stream()
                    .filter(c -> c.toDate() == null || c.toDate().isAfter(to)).toList();
            if (!open.isEmpty()) {
                throw ApiException.unprocessable(code + " still has " + open.size() + " open sub-unit(s) after " + to
                        + ", e.g. " + open.get(0).sorCode() + " " + open.get(0).name() + ": close or move them first");
            }
            if (replacement != null) {
                if (replacement.equals(code)) {
                    throw ApiException.unprocessable("A unit cannot be replaced by itself");
                }
                organisations.findById(replacement)
                        .orElseThrow(() -> ApiException.unprocessable("Unknown replacedBySorCode " + replacement));
            }
            return new Outcome(ChangeType.CLOSE, current.closed(to, replacement));
        });
    }

    /**
     * Registers entities that are not there yet (dev-mode demo data, an initial import), each with
     * a CREATE history entry; existing codes are left as they are. No region check: not for callers.
     */
    public int load(List<SorOrganisation> entities, String by) {
        return write(stamps -> {
            int added = 0;
            for (SorOrganisation o : entities) {
                if (!organisations.existsById(o.sorCode())) {
                    SorOrganisation saved = organisations.save(o.stamped(1, stamps.next(), by));
                    record(ChangeType.CREATE, null, saved);
                    added++;
                }
            }
            return added;
        });
    }

    public List<SorChange> history(String code) {
        SorRules.sorCode("sorCode", code);
        List<SorChange> history = changes.findBySorCodeOrderByVersion(code);
        if (history.isEmpty() && tree.find(code).isEmpty()) {
            throw ApiException.notFound("No SOR entity " + code);
        }
        return history;
    }

    /**
     * The entity as it was on {@code date}: whether it was open that day is judged by its current
     * FromDate/ToDate (a closing may be registered after the fact); its fields are those recorded by
     * the end of that day (Danish time), or its first registration if the date precedes it.
     */
    public Optional<SorOrganisation> asOf(String code, LocalDate date) {
        if (organisations.findById(code).filter(current -> current.activeOn(date)).isEmpty()) {
            return Optional.empty();
        }
        Instant endOfDay = date.plusDays(1).atStartOfDay(ZONE).toInstant();
        return changes.latestBefore(code, endOfDay).or(() -> changes.first(code)).map(c -> readSnapshot(c.snapshot()));
    }

    public List<SorRefusal> refusals(SorAdmin admin) {
        return refusals.findByOwnerRegionOrderByAttemptedAtDesc(admin.regionCode());
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZONE));
    }

    private record Outcome(ChangeType type, SorOrganisation entity) {
    }

    private SorOrganisation change(SorAdmin admin, String rawCode, Long expectedVersion, String operation,
                                   java.util.function.Function<SorOrganisation, Outcome> rules) {
        String code = SorRules.sorCode("sorCode", SorRules.trim(rawCode));
        authorize(admin, existing(code), operation, code);
        return write(stamps -> {
            SorOrganisation current = existing(code);
            if (expectedVersion == null) {
                throw ApiException.preconditionRequired("Name the version you are changing (If-Match on REST, Version on SOAP); "
                        + code + " is at version " + current.version());
            }
            if (expectedVersion != current.version()) {
                throw ApiException.preconditionFailed(code + " has changed: it is at version " + current.version()
                        + ", not " + expectedVersion + ". Read it again and reapply your change.");
            }
            Outcome outcome = rules.apply(current);
            if (organisations.claimVersion(code, current.version()) != 1) {
                throw ApiException.preconditionFailed(code + " was changed by someone else at the same moment; read it again");
            }
            SorOrganisation updated = organisations.update(outcome.entity().stamped(current.version() + 1, stamps.next(), admin.who()));
            record(outcome.type(), current, updated);
            return updated;
        });
    }

    private SorOrganisation existing(String code) {
        return organisations.findById(code).orElseThrow(() -> ApiException.notFound("No SOR entity " + code));
    }

    private SorOrganisation parent(String code) {
        return organisations.findById(code).orElseThrow(() -> ApiException.unprocessable("Unknown parent SOR code " + code));
    }

    /**
     * A different region's entity: refused with 403 and recorded. Runs before the write transaction,
     * so the record is not rolled back with the refused change; a region never changes, so checking
     * first is safe.
     */
    private void authorize(SorAdmin admin, SorOrganisation target, String operation, String code) {
        if (!Objects.equals(admin.regionCode(), target.regionCode())) {
            refusals.save(new SorRefusal(null, code, operation, admin.who(), admin.regionCode(), target.regionCode(), now()));
            LOG.warn("SOR {} of {} refused: {} administers region {}, the entity belongs to region {}",
                    operation, code, admin.who(), admin.regionCode(), target.regionCode());
            throw ApiException.forbidden("Region " + admin.regionCode() + " may not change " + code
                    + ", which belongs to region " + target.regionCode() + ". The attempt has been recorded.");
        }
    }

    /**
     * One transaction holding the feed lock from its first statement; it announces its last position
     * to every node at commit. This node's tree sees the change before the call returns: a single entity
     * is applied as written, a bulk load by one catch-up read of the feed.
     */
    private <T> T write(Function<SorFeed.Writer, T> work) {
        T result;
        try {
            result = transactions.executeWrite(status -> {
                SorFeed.Writer stamps = feed.lock();
                long before = stamps.position();
                T written = work.apply(stamps);
                if (stamps.position() != before) {
                    channel.publish(status.getConnection(), ChangeTopic.SOR, stamps.position());
                }
                return written;
            });
        } catch (ApiException e) {
            throw e;
        } catch (DataAccessException e) {
            throw translate(e);
        }
        if (result instanceof SorOrganisation o) {
            tree.apply(List.of(o));
        } else {
            tree.catchUp();
        }
        return result;
    }

    /** Whether {@code unit} is {@code ancestor} or below it in the committed tree (read under the feed lock). */
    private boolean storedWithin(String unit, String ancestor) {
        String current = unit;
        for (int depth = 0; current != null && depth < SorTree.MAX_DEPTH; depth++) {
            if (current.equals(ancestor)) {
                return true;
            }
            current = organisations.findById(current).map(SorOrganisation::parentSorCode).orElse(null);
        }
        return false;
    }

    private static ApiException translate(DataAccessException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("ux_sor_shak")) {
            return ApiException.conflict("Another SOR entity already has this SHAK code");
        }
        return ApiException.unavailable("The SOR store cannot be written right now; try again", e);
    }

    private void checkShakUnique(SorOrganisation o) {
        if (o.shakCode() != null) {
            organisations.findByShakCode(o.shakCode()).filter(other -> !other.sorCode().equals(o.sorCode()))
                    .ifPresent(other -> {
                        throw ApiException.conflict("SHAK code " + o.shakCode() + " already belongs to " + other.sorCode()
                                + " " + other.name());
                    });
        }
    }

    private void checkOpen(SorOrganisation o, String role) {
        if (o.toDate() != null && o.toDate().isBefore(today())) {
            throw ApiException.unprocessable("The " + role + " " + o.sorCode() + " closed on " + o.toDate());
        }
    }

    private SorOrganisation fromDraft(SorUnitDraft d, String code, SorEntityType type, String parent, String region,
                                      SorOrganisation.OwnerType ownerType, String replacedBy, LocalDate defaultFrom,
                                      SorAdmin admin) {
        LocalDate from = Optional.ofNullable(SorRules.date("fromDate", d.fromDate())).orElse(defaultFrom);
        LocalDate to = SorRules.date("toDate", d.toDate());
        SorRules.checkPeriod(from, to);
        String replaces = SorRules.optionalSorCode("replacesSorCode", d.replacesSorCode());
        if (replaces != null && !organisations.existsById(replaces)) {
            throw ApiException.unprocessable("Unknown replacesSorCode " + replaces);
        }
        SorAddress postal = SorRules.address("postalAddress", d.postalAddress());
        SorAddress visiting = SorRules.address("visitingAddress", d.visitingAddress());
        return new SorOrganisation(code, SorRules.required("name", d.name(), 200), type, parent, region,
                SorRules.text("unitType", d.unitType(), 100), from, to, ownerType, null,
                SorRules.ean(d.eanLocationNumber()), SorRules.shak(d.shakCode()), SorRules.ydernummer(d.ydernummer()),
                SorRules.specialities(d.specialities()),
                SorRules.text("organisationalLevelCode", d.organisationalLevelCode(), 20),
                SorRules.text("organisationalLevelName", d.organisationalLevelName(), 100),
                postal.street(), postal.postalCode(), postal.city(),
                visiting.street(), visiting.postalCode(), visiting.city(),
                replaces, replacedBy, 0, now(), admin.who(), null);
    }

    private void record(ChangeType type, SorOrganisation before, SorOrganisation after) {
        Map<String, Object> was = before == null ? Map.of() : fields(before);
        Map<String, Object> is = fields(after);
        Map<String, Map<String, Object>> diff = new LinkedHashMap<>();
        Set<String> fields = new TreeSet<>(is.keySet());
        fields.addAll(was.keySet());
        for (String field : fields) {
            if (!UNVERSIONED_FIELDS.contains(field) && !Objects.equals(was.get(field), is.get(field))) {
                Map<String, Object> fromTo = new LinkedHashMap<>();
                fromTo.put("from", was.get(field));
                fromTo.put("to", is.get(field));
                diff.put(field, fromTo);
            }
        }
        changes.save(new SorChange(null, after.sorCode(), after.version(), type, after.lastModified(), after.modifiedBy(),
                writeJson(diff), writeJson(after)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> fields(SorOrganisation o) {
        try {
            return json.readValue(json.writeValueAsBytes(o), Map.class);
        } catch (IOException e) {
            throw new IllegalStateException("SOR entity cannot be serialised", e);
        }
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("SOR change cannot be serialised", e);
        }
    }

    public SorOrganisation readSnapshot(String snapshot) {
        try {
            return json.readValue(snapshot, SorOrganisation.class);
        } catch (IOException e) {
            throw new IllegalStateException("SOR history snapshot cannot be read", e);
        }
    }

    /** Microsecond precision: what both H2 and PostgreSQL store, so a delta's _since compares exactly. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
