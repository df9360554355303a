package dk.opennsp.sor

import spock.lang.Specification

import java.time.Clock
import java.time.Instant
import java.time.ZoneOffset

class SorFeedSpec extends Specification {
    /** A clock the feature sets by hand. */
    static class HandClock extends Clock {
        Instant now = Instant.parse('2026-12-02T10:00:00.000001Z')

        Instant instant() { now }

        java.time.ZoneId getZone() { ZoneOffset.UTC }

        Clock withZone(java.time.ZoneId zone) { this }
    }

    HandClock clock = new HandClock()
    List<List> advanced = []
    SorFeed.Rows rows = [
            lockRow : { -> Optional.of(new SorFeed.Row(1, 41, Instant.parse('2026-12-02T10:00:00.000005Z'))) },
            advance : { long position, Instant at -> advanced << [position, at] },
            position: { -> Optional.of(41L) }
    ] as SorFeed.Rows

    def 'positions follow the last committed one, one per entity written'() {
        when:
        def writer = new SorFeed(rows, clock).lock()
        def first = writer.next()
        def second = writer.next()

        then:
        first.position() == 42
        second.position() == 43
        advanced*.get(0) == [42L, 43L]
    }

    def 'stamps are strictly after the previous write, even when this node clock is behind or stands still'() {
        when: "this node's clock is 4 microseconds behind the last stamp another node wrote"
        def writer = new SorFeed(rows, clock).lock()
        def a = writer.next()
        def b = writer.next()
        clock.now = Instant.parse('2026-12-02T10:00:01Z')
        def c = writer.next()

        then:
        a.at() == Instant.parse('2026-12-02T10:00:00.000006Z')
        b.at() == Instant.parse('2026-12-02T10:00:00.000007Z')
        c.at() == Instant.parse('2026-12-02T10:00:01Z')
    }

    def 'stamps keep microseconds only: what both databases store, so a _since taken from a response compares exactly'() {
        given:
        clock.now = Instant.parse('2026-12-02T11:00:00.123456789Z')

        expect:
        new SorFeed(rows, clock).lock().next().at() == Instant.parse('2026-12-02T11:00:00.123456Z')
    }

    def 'a database without the feed row is a clear error, not a silent unordered write'() {
        given:
        SorFeed.Rows empty = [lockRow: { -> Optional.empty() }] as SorFeed.Rows

        when:
        new SorFeed(empty, clock).lock()

        then:
        IllegalStateException e = thrown()
        e.message.contains('sor_feed')
    }
}
