package dk.opennsp.minspaerring;

import dk.opennsp.security.access.ConsentDecision;
import dk.opennsp.security.access.DataOrigin;
import dk.opennsp.sor.SorTree;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A citizen's registrations judged for one professional at one instant: the general answer, and the
 * data-specific blockings items are filtered by.
 */
public record Verdict(UserConsent consent, List<Blocking> dataBlockings, SorTree tree) {

    static final Verdict NOTHING_REGISTERED = new Verdict(UserConsent.NONE, List.of(), null);

    /**
     * Positive consent wins over everything; otherwise any applicable caller-specific blocking
     * suppresses; otherwise data-specific blockings filter.
     */
    static Verdict judge(List<Blocking> registrations, Viewer viewer, Instant at, SorTree tree) {
        boolean blocked = false;
        List<Blocking> dataBlockings = null;
        for (Blocking b : registrations) {
            if (!b.activeAt(at)) {
                continue;
            }
            switch (b.kind()) {
                case POSITIVE_CONSENT -> {
                    if (viewer.isNamedBy(b.target())) {
                        return new Verdict(UserConsent.POSITIVE, List.of(), tree);
                    }
                }
                case ALL -> blocked = true;
                case PROFESSIONAL -> blocked |= viewer.isNamedBy(b.target());
                case ORGANISATION -> blocked |= covers(b, viewer.organisationSor(), tree);
                case DATA_FROM_ORGANISATION, DATA_PERIOD -> {
                    if (dataBlockings == null) {
                        dataBlockings = new ArrayList<>(2);
                    }
                    dataBlockings.add(b);
                }
            }
        }
        if (blocked) {
            return new Verdict(UserConsent.NEGATIVE, List.of(), tree);
        }
        return dataBlockings == null ? NOTHING_REGISTERED : new Verdict(UserConsent.NONE, List.copyOf(dataBlockings), tree);
    }

    /** Does this organisation blocking cover the unit (the unit itself, or below it when sub-units are included)? */
    private static boolean covers(Blocking b, String unitSor, SorTree tree) {
        if (unitSor == null) {
            return false;
        }
        return b.includeSubUnits() ? tree.isWithin(unitSor, b.target()) : b.target().equals(unitSor);
    }

    /** May an item with this origin be shown? Unknown creation times are withheld by a period blocking (fail closed). */
    public boolean visible(DataOrigin origin) {
        if (consent == UserConsent.NEGATIVE) {
            return false;
        }
        for (Blocking b : dataBlockings) {
            if (b.kind() == BlockingKind.DATA_FROM_ORGANISATION) {
                if (covers(b, origin.organisationSor(), tree)) {
                    return false;
                }
            } else if (inPeriod(b, origin.createdAt())) {
                return false;
            }
        }
        return true;
    }

    private static boolean inPeriod(Blocking b, Instant created) {
        if (created == null) {
            return true;
        }
        return (b.dataFrom() == null || !created.isBefore(b.dataFrom())) && (b.dataTo() == null || created.isBefore(b.dataTo()));
    }

    public boolean hasDataBlockings() {
        return !dataBlockings.isEmpty();
    }

    /** The access guard's view of this verdict. */
    public ConsentDecision decision() {
        if (consent == UserConsent.NEGATIVE) {
            return ConsentDecision.SUPPRESS;
        }
        return dataBlockings.isEmpty() ? ConsentDecision.ALLOW : new ConsentDecision.Filter(this::visible);
    }
}
