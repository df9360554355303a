package dk.opennsp.security;

import java.util.Locale;

/**
 * How surely the caller was identified, on one scale for both token models: NSIS levels on a JWT
 * ({@code assurance_level} {@code low} / {@code substantial} / {@code high}) and the DGWS ID card's
 * AuthenticationLevel ({@code 3} = a system's VOCES/FOCES card, {@code 4} = a person's MOCES login).
 * Anything else, or nothing, counts as the lowest level.
 */
public enum AssuranceLevel {
    LOW, SUBSTANTIAL, HIGH;

    public static AssuranceLevel of(String value) {
        if (value == null) {
            return LOW;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "high", "4", "5" -> HIGH;
            case "substantial", "3" -> SUBSTANTIAL;
            default -> LOW;
        };
    }

    public boolean satisfies(AssuranceLevel required) {
        return compareTo(required) >= 0;
    }

    /** As a client reads it: {@code high (NSIS høj, DGWS level 4)}. */
    public String describe() {
        return switch (this) {
            case HIGH -> "high (NSIS høj, DGWS level 4)";
            case SUBSTANTIAL -> "substantial (NSIS betydelig, DGWS level 3)";
            case LOW -> "low";
        };
    }
}
