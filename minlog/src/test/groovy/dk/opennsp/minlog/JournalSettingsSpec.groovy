package dk.opennsp.minlog

import spock.lang.Specification

import java.nio.file.Path
import java.time.Duration

/** Which databases journal MinLog entries, and where the journal lives. */
class JournalSettingsSpec extends Specification {

    def "an embedded H2 file database journals beside its file; servers, PostgreSQL and unconfigured memory do not"() {
        expect:
        JournalSettings.directoryFor(url, configured) == (expected == null ? null : Path.of(expected))

        where:
        url                                                    | configured     || expected
        'jdbc:h2:file:./data/opennsp;MODE=PostgreSQL'          | ''             || './data/opennsp.minlog-journal'
        'jdbc:h2:/var/lib/opennsp/db'                          | ''             || '/var/lib/opennsp/db.minlog-journal'
        'jdbc:h2:~/opennsp'                                    | ''             || System.getProperty('user.home') + '/opennsp.minlog-journal'
        'jdbc:h2:file:./data/opennsp'                          | '/srv/journal' || '/srv/journal'
        'jdbc:h2:mem:test;DB_CLOSE_DELAY=-1'                   | ''             || null
        'jdbc:h2:mem:test;DB_CLOSE_DELAY=-1'                   | '/tmp/j'       || '/tmp/j'
        'jdbc:h2:tcp://db:9092/opennsp'                        | '/srv/journal' || null
        'jdbc:postgresql://127.0.0.1:5432/test'                | '/srv/journal' || null
        ''                                                     | ''             || null
    }

    def "switched off, nothing journals"() {
        expect:
        new JournalSettings('jdbc:h2:file:./data/opennsp', false, '', 1 << 20, Duration.ofMillis(100)).directory() == null
        new JournalSettings('jdbc:h2:file:./data/opennsp', true, '', 1 << 20, Duration.ofMillis(100)).directory() ==
                Path.of('./data/opennsp.minlog-journal')
    }
}
