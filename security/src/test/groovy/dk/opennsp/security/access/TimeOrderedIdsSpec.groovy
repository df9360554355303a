package dk.opennsp.security.access

import spock.lang.Specification

/** Request ids that sort by time (RFC 9562 version 7), so the MinLog correlation index grows at one end. */
class TimeOrderedIdsSpec extends Specification {

    def "an id is a version-7 UUID with the RFC variant and the millisecond in its first 48 bits"() {
        given:
        long millis = 1796224019123L
        UUID id = TimeOrderedIds.at(millis)

        expect:
        id.version() == 7
        id.variant() == 2
        id.mostSignificantBits >>> 16 == millis
        id.toString() ==~ /[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/
    }

    def "ids of later milliseconds sort after earlier ones, as text too"() {
        given:
        List<String> ids = (0..<1000).collect { TimeOrderedIds.at(1796224019000L + it * 7L).toString() }

        expect:
        ids == ids.toSorted()
    }

    def "ids issued in one burst are all different"() {
        expect:
        (1..100_000).collect { TimeOrderedIds.next() }.toSet().size() == 100_000
    }
}
