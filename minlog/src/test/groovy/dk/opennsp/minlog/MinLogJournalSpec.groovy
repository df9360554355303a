package dk.opennsp.minlog

import dk.opennsp.security.access.AccessLogEntry
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.time.Instant

/** The MinLog journal's file format: whole records only, across segments, after a crash cut one short. */
class MinLogJournalSpec extends Specification {
    @TempDir
    Path dir

    static AccessLogEntry entry(int n, Map overrides = [:]) {
        Map v = [cpr: String.format('01019%05d', n), to: null, reason: "Grund ${n}", filters: null, sequence: null] + overrides
        new AccessLogEntry(v.cpr as String, 'CPR', Instant.ofEpochSecond(1_700_000_000L + n, 123_456_789), v.to as Instant,
                'Test EPJ', 'Opslag på medicinkort', v.reason as String, 'Ingen', 'Ingen', '100111000016009', 'SOR',
                'Afdeling Ø', null, "user-${n}".toString(), 'autorisationsid', 'Læge Æble', 'Læge', null, null, null, null,
                v.filters as List<String>, "corr-${n}".toString(), v.sequence as String, 'OpenNSP')
    }

    static List<AccessLogEntry> readAll(MinLogJournal.Reader reader) {
        List<AccessLogEntry> all = []
        while (true) {
            List<AccessLogEntry> next = reader.read(1000)
            if (next.isEmpty()) {
                return all
            }
            all.addAll(next)
        }
    }

    static Path segment(Path dir, long n) {
        dir.resolve(String.format('%020d.journal', n))
    }

    def "entries come back as they were written, nulls, empty and non-Latin text included"() {
        given:
        MinLogJournal journal = MinLogJournal.open(dir, 1 << 20, 1)
        List<AccessLogEntry> first = [entry(1), entry(2, [to: Instant.parse('2026-12-02T10:15:30.5Z'), filters: []])]
        List<AccessLogEntry> second = [entry(3, [reason: 'Ærø 😀 "quoted" \\n', filters: ['Ikke borger', 'Ikke forældremyndigheds-indehaver'],
                                              sequence: '7'])]

        when:
        journal.append(first)
        journal.append(second)
        MinLogJournal.Reader reader = journal.reader(journal.start())

        then:
        readAll(reader) == first + second
        reader.position() == journal.end()

        cleanup:
        reader?.close()
        journal?.close()
    }

    def "a reader never reads past the end, and picks up what is appended later"() {
        given:
        MinLogJournal journal = MinLogJournal.open(dir, 1 << 20, 1)
        MinLogJournal.Reader reader = journal.reader(journal.start())

        expect:
        reader.read(10).isEmpty()

        when:
        journal.append([entry(1), entry(2), entry(3)])

        then: 'whole records only: the limit does not split one'
        reader.read(2) == [entry(1), entry(2), entry(3)]
        reader.read(10).isEmpty()

        when:
        journal.append([entry(4)])

        then:
        reader.read(10) == [entry(4)]

        cleanup:
        reader?.close()
        journal?.close()
    }

    def "a record cut short by a crash ends its segment; the records before it and everything after the restart are read"() {
        given: 'three records, the last one cut in half as a kill -9 during its write would leave it'
        MinLogJournal before = MinLogJournal.open(dir, 1 << 20, 1)
        before.append([entry(1)])
        MinLogJournal.Position afterFirst = before.append([entry(2)])
        before.append([entry(3, [reason: 'x' * 500])])
        before.close()
        FileChannel.open(segment(dir, 1), StandardOpenOption.WRITE).withCloseable { it.truncate(afterFirst.offset() + 100) }

        when: 'the restart appends to a new segment'
        MinLogJournal after = MinLogJournal.open(dir, 1 << 20, 1)
        after.append([entry(4)])
        MinLogJournal.Reader reader = after.reader(after.start())

        then:
        after.end().segment() == 2
        after.hasRecordsAfter(new MinLogJournal.Position(1, 0))
        readAll(reader) == [entry(1), entry(2), entry(4)]

        cleanup:
        reader?.close()
        after?.close()
    }

    def "a record whose checksum fails ends an old segment instead of being read"() {
        given:
        MinLogJournal before = MinLogJournal.open(dir, 1 << 20, 1)
        MinLogJournal.Position afterFirst = before.append([entry(1)])
        before.append([entry(2)])
        before.close()
        FileChannel.open(segment(dir, 1), StandardOpenOption.WRITE).withCloseable {
            it.write(java.nio.ByteBuffer.wrap([0x55] as byte[]), afterFirst.offset() + 20)
        }

        when:
        MinLogJournal after = MinLogJournal.open(dir, 1 << 20, 1)
        after.append([entry(3)])
        MinLogJournal.Reader reader = after.reader(after.start())

        then:
        readAll(reader) == [entry(1), entry(3)]

        cleanup:
        reader?.close()
        after?.close()
    }

    def "segments roll over at their size; released ones are deleted and a reader skips what is gone"() {
        given: 'segments of about two records each'
        MinLogJournal journal = MinLogJournal.open(dir, 800, 1)
        (1..7).each { journal.append([entry(it)]) }

        expect:
        journal.end().segment() >= 3
        readAll(journal.reader(journal.start())) == (1..7).collect { entry(it) }

        when: 'the table has everything up to the third segment'
        journal.release(new MinLogJournal.Position(3, 0))

        then:
        !Files.exists(segment(dir, 1))
        !Files.exists(segment(dir, 2))
        Files.exists(segment(dir, 3))

        and: 'a reader left at a deleted segment moves on to the next one'
        readAll(journal.reader(new MinLogJournal.Position(2, 0))).first() == readAll(journal.reader(new MinLogJournal.Position(3, 0))).first()

        cleanup:
        journal?.close()
    }

    def "a new journal starts past the checkpoint even when the older segments are gone"() {
        when:
        MinLogJournal journal = MinLogJournal.open(dir, 1 << 20, 42)

        then:
        journal.end() == new MinLogJournal.Position(42, 0)
        !journal.hasRecordsAfter(new MinLogJournal.Position(41, 10))

        cleanup:
        journal?.close()
    }

    def "a write that fails (a full device) is refused and leaves the end where it was"() {
        given: 'segments on /dev/full: every write fails with ENOSPC'
        Path full = Path.of('/dev/full')
        MinLogJournal journal = MinLogJournal.open(dir, 1 << 20, 1, { Path path ->
            Files.createFile(path)
            FileChannel.open(full, StandardOpenOption.WRITE)
        } as MinLogJournal.SegmentFiles)

        when:
        journal.append([entry(1)])

        then:
        IOException e = thrown()
        e.message.contains('space')
        journal.end().offset() == 0

        when: 'the next one too: nothing it wrote is counted'
        journal.append([entry(2)])

        then:
        thrown(IOException)
        journal.end().offset() == 0
        journal.reader(journal.start()).read(10).isEmpty()

        cleanup:
        journal?.close()
    }
}
