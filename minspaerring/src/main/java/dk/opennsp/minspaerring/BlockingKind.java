package dk.opennsp.minspaerring;

/**
 * What a registration in MinSpærring covers.
 * <ul>
 *   <li>Caller-specific ("general") blockings: the caller they name gets nothing —
 *       ALL (every professional), PROFESSIONAL (by authorization code or CPR),
 *       ORGANISATION (by SOR code, optionally with its sub-units).</li>
 *   <li>Data-specific blockings: matching items are withheld from every professional —
 *       DATA_FROM_ORGANISATION (by originating SOR unit, optionally with its sub-units),
 *       DATA_PERIOD (data created within [dataFrom, dataTo)).</li>
 *   <li>POSITIVE_CONSENT: the named professional sees everything, whatever else is blocked.</li>
 * </ul>
 */
public enum BlockingKind {
    ALL,
    PROFESSIONAL,
    ORGANISATION,
    DATA_FROM_ORGANISATION,
    DATA_PERIOD,
    POSITIVE_CONSENT;

    public boolean namesProfessional() {
        return this == PROFESSIONAL || this == POSITIVE_CONSENT;
    }

    public boolean namesOrganisation() {
        return this == ORGANISATION || this == DATA_FROM_ORGANISATION;
    }

    public boolean isDataSpecific() {
        return this == DATA_FROM_ORGANISATION || this == DATA_PERIOD;
    }
}
