package dk.opennsp.cluster

import spock.lang.Specification

class ChangeTopicSpec extends Specification {

    def 'a payload names its topic and key, and is read back the same'() {
        expect:
        ChangeTopic.BLOCKING.payload(42) == 'blocking:42'
        ChangeTopic.ofPayload('blocking:42').get() == ChangeTopic.BLOCKING
        ChangeTopic.key('blocking:42') == '42'
        ChangeTopic.ofPayload('sor:7').get() == ChangeTopic.SOR
    }

    def 'a notification the node does not understand is ignored, not guessed at: #payload'() {
        expect:
        ChangeTopic.ofPayload(payload).isEmpty()

        where:
        payload << [null, '', 'blocking', 'unknown:1', ':1', 'BLOCKINGS:1']
    }

    def 'only the first colon separates the key'() {
        expect:
        ChangeTopic.key('sor:a:b') == 'a:b'
    }
}
