package dk.opennsp.security.access;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version-7 UUIDs (RFC 9562 §5.7): 48 bits of Unix milliseconds, then 74 random bits. Ids issued in sequence
 * sort in sequence, so the request id that becomes a MinLog entry's correlation id lands at the growing end
 * of the log's unique index instead of on a random page: on a copy-on-write store (H2) a random key dirties,
 * and rewrites, a different index page for every entry of a commit.
 *
 * <p>They identify; they do not authorise. The random part is not from a secure generator and nothing
 * may rely on an id being unguessable (MinLog entries the platform records carry no sequence number, so a
 * repeated correlation id can never make the log's unique index drop one).
 */
public final class TimeOrderedIds {
    private TimeOrderedIds() {
    }

    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
