package dk.opennsp.sor

import dk.opennsp.cluster.ChangeChannel
import dk.opennsp.cluster.ClusterConnections
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration
import spock.lang.Specification

import java.time.Clock
import java.time.Duration
import java.time.Instant

class SorTreeSpec extends Specification {
    long feedPosition = 2
    List<SorOrganisation> stored = [org('A', null, 1, 1), org('B', 'A', 1, 2)]
    List<Long> readAfter = []

    SorOrganisationRepository repository = [
            findAll         : { -> stored },
            findChangedAfter: { long after -> readAfter << after; stored.findAll { it.changeSeq() > after } }
    ] as SorOrganisationRepository
    SorFeed feed = new SorFeed([position: { -> Optional.of(feedPosition) }] as SorFeed.Rows, Clock.systemUTC())
    ChangeChannel channel = new ChangeChannel(new ClusterConnections(new DatasourceConfiguration('default')),
            Duration.ofMillis(500), Duration.ofSeconds(3), Clock.systemUTC())
    SorTree tree = new SorTree(repository, feed, channel)

    static SorOrganisation org(String code, String parent, long version, long seq, String name = code) {
        new SorOrganisation(code, name, SorOrganisation.SorEntityType.ORGANISATIONAL_UNIT, parent, '1084', null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                version, Instant.EPOCH, 'spec', seq)
    }

    def 'a catch-up reads only what was written after the position held, and nothing when the feed has not moved'() {
        given:
        tree.reload()

        when: 'the feed has not moved'
        tree.catchUp()

        then:
        readAfter.isEmpty()

        when: 'another node moves B under a new unit C'
        stored = [org('A', null, 1, 1), org('C', 'A', 1, 3), org('B', 'C', 2, 4)]
        feedPosition = 4
        tree.changed('4')

        then:
        readAfter == [2L]
        tree.isWithin('B', 'C')
        tree.find('B').get().version() == 2
    }

    def 'a row read before a newer version was applied here never takes the tree back'() {
        given:
        tree.reload()
        tree.apply([org('B', 'A', 3, 5, 'Newest')])

        when: 'a catch-up that read version 2 arrives late'
        tree.apply([org('B', 'A', 2, 4, 'Older')])

        then:
        tree.find('B').get().name() == 'Newest'
    }

    def 'the tree is a change subscriber: a resync is a catch-up from the position held'() {
        given:
        tree.reload()
        stored = stored + [org('D', 'A', 1, 3)]
        feedPosition = 3

        when:
        tree.resync()

        then:
        tree.find('D').isPresent()
        readAfter == [2L]
    }
}
