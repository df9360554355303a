package dk.opennsp.security.admission

import spock.lang.Specification

import java.util.concurrent.TimeUnit

class QueueLimitSpec extends Specification {
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1)
    static final long INTERVAL = 100 * MS

    QueueLimit limit = new QueueLimit(4, 48, 5 * MS, INTERVAL)
    long clock = 1_000 * MS

    /** Requests starting work every millisecond for the given time, each after waiting {@code wait}. */
    void starts(long wait, long forNanos) {
        long end = clock + forNanos
        while (clock < end) {
            limit.started(wait, clock)
            clock += MS
        }
    }

    /** A queue that stood for five intervals, its requests waiting a second: the bound is at its floor. */
    void standAtTheFloor() {
        starts(1_000 * MS, 5 * INTERVAL + MS)
        assert limit.current() == 4
    }

    def "a queue that empties now and then keeps its full depth, however long the rest of its requests wait"() {
        when: 'a burst: most requests wait 40 ms, but in every interval one found a worker free'
        3.times {
            starts(40 * MS, INTERVAL - MS)
            starts(0, MS)
        }

        then:
        limit.current() == 48
        limit.cuts() == 0
    }

    def "a standing queue (even the shortest wait of an interval past the target) is cut to about the bound that meets it"() {
        when: 'every request of an interval waited 20 ms, four times the 5 ms target'
        starts(20 * MS, INTERVAL + MS)

        then: 'cut in the ratio target / shortest wait, and counted'
        limit.current() == 12
        limit.cuts() == 1
    }

    def "the cut never goes below the minimum; a wait just past the target still shrinks the bound"() {
        when:
        standAtTheFloor()

        then:
        limit.current() == 4

        when:
        def other = new QueueLimit(0, 10, 5 * MS, INTERVAL)
        [0, 101].each { other.started(5 * MS + 1, clock + it * MS) }

        then:
        other.current() == 9
    }

    def "once the queue drains the bound grows back by a quarter per interval, up to the configured queue"() {
        given:
        standAtTheFloor()

        when:
        def seen = []
        8.times {
            starts(0, INTERVAL)
            seen << limit.current()
        }
        starts(0, 10 * INTERVAL)

        then:
        seen == [5, 6, 7, 8, 10, 12, 15, 18]
        limit.current() == 48
    }

    def "a node idle for a whole interval has no standing queue: the first request after it gets the full depth"() {
        given:
        standAtTheFloor()

        when:
        clock += 2 * INTERVAL
        limit.started(0, clock)

        then:
        limit.current() == 48
    }

    def "no request starting for an interval because every worker is stuck is not idleness: the one that finally starts waited"() {
        given:
        standAtTheFloor()

        when:
        clock += 2 * INTERVAL
        limit.started(400 * MS, clock)

        then:
        limit.current() == 4
    }

    def "target 0 bounds the queue by count only"() {
        given:
        def countOnly = new QueueLimit(4, 48, 0, INTERVAL)

        when:
        (0..1000).each { countOnly.started(1_000 * MS, clock + it * MS) }

        then:
        !countOnly.timeBounded()
        countOnly.current() == 48
    }

    def "nonsense bounds are refused when the node starts"() {
        when:
        new QueueLimit(min, max, target, interval)

        then:
        thrown(IllegalArgumentException)

        where:
        min | max | target | interval
        -1  | 4   | MS     | INTERVAL
        8   | 4   | MS     | INTERVAL
        0   | 4   | -1     | INTERVAL
        0   | 4   | MS     | 0
    }
}
