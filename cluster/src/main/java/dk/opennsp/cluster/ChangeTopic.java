package dk.opennsp.cluster;

import java.util.Locale;
import java.util.Optional;

/** What changed: the in-memory state a node keeps of it must be brought up to date. */
public enum ChangeTopic {
    /** A MinSpærring registration (blocking or positive consent) was created or ended; the key is its id. */
    BLOCKING,
    /** A SOR entity was written; the key is the feed position of the write. */
    SOR;

    /** {@code blocking:42}: the notification payload. */
    String payload(Object key) {
        return name().toLowerCase(Locale.ROOT) + ':' + key;
    }

    static Optional<ChangeTopic> ofPayload(String payload) {
        int colon = payload == null ? -1 : payload.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String name = payload.substring(0, colon).toUpperCase(Locale.ROOT);
        for (ChangeTopic t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    static String key(String payload) {
        return payload.substring(payload.indexOf(':') + 1);
    }
}
