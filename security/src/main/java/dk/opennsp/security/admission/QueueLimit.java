package dk.opennsp.security.admission;

/**
 * How many admitted requests may wait for a worker right now: the admission queue bounded by the time its
 * requests wait, not only by their number. A count alone cannot serve both bad days: a queue deep enough
 * to absorb an ordinary pause (a GC, a burst) is, in a storm, a standing queue every admitted request
 * waits through. So the bound moves between {@code min} and {@code max} (the configured queue), in the
 * manner of CoDel: every {@code interval} the shortest wait of the requests that started work in it is
 * looked at. If even the shortest exceeded {@code target}, the queue never emptied in that interval (it is
 * standing, not a burst passing through) and the bound is cut in the ratio {@code target / shortest wait},
 * which is about the bound at which requests wait {@code target}. Otherwise it grows back by a quarter per
 * interval. An idle node (no request started for an interval, and the next did not wait) gets the full queue.
 * Thread-safe; one short critical section per started request.
 */
public final class QueueLimit {
    private final int min;
    private final int max;
    private final long targetNanos;
    private final long intervalNanos;
    private volatile int limit;
    private long intervalEnd;
    private long shortestWait = Long.MAX_VALUE;
    private volatile long cuts;

    public QueueLimit(int min, int max, long targetNanos, long intervalNanos) {
        if (min < 0 || max < min || targetNanos < 0 || intervalNanos <= 0) {
            throw new IllegalArgumentException("queue bounds " + min + ".." + max + ", target " + targetNanos + " ns, interval " + intervalNanos + " ns");
        }
        this.min = min;
        this.max = max;
        this.targetNanos = targetNanos;
        this.intervalNanos = intervalNanos;
        this.limit = max;
    }

    /** The bound on waiting requests now. */
    public int current() {
        return limit;
    }

    /** How many times a standing queue has been cut since the node started. */
    public long cuts() {
        return cuts;
    }

    /** Bounded by count only: a target of 0 turns the time bound off. */
    public boolean timeBounded() {
        return targetNanos > 0;
    }

    /** A request started work at {@code now} after waiting {@code waited} for a worker (both in nanoseconds). */
    public void started(long waited, long now) {
        if (timeBounded()) {
            evaluate(waited, now);
        }
    }

    private synchronized void evaluate(long waited, long now) {
        if (now - intervalEnd >= intervalNanos) {
            // nothing started for a whole interval: nothing to judge. If this request did not wait either, the node
            // was idle and nothing stands; if it did, every worker was held up and the bound stays as it was
            if (waited <= targetNanos) {
                limit = max;
            }
        } else if (now >= intervalEnd) {
            int next = next(limit, Math.min(shortestWait, waited));
            if (next < limit) {
                cuts++;
            }
            limit = next;
        } else {
            shortestWait = Math.min(shortestWait, waited);
            return;
        }
        intervalEnd = now + intervalNanos;
        shortestWait = waited;
    }

    private int next(int bound, long shortest) {
        if (shortest > targetNanos) {
            return (int) Math.max(min, (long) ((double) bound * targetNanos / shortest));
        }
        return Math.min(max, bound + Math.max(1, bound / 4));
    }
}
