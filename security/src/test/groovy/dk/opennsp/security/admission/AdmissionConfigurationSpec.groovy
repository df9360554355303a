package dk.opennsp.security.admission

import spock.lang.Specification

class AdmissionConfigurationSpec extends Specification {

    def "workers 0 sizes the pool for the cores and the database: few on the in-process H2, more on a remote store"() {
        expect:
        new AdmissionConfiguration(workers: 0).sized(cores, remote) == expected

        where:
        cores | remote || expected
        1     | false  || 2
        2     | false  || 4
        8     | false  || 16
        1     | true   || 8
        2     | true   || 16
    }

    def "a configured worker count is used as it is, whatever the node"() {
        expect:
        new AdmissionConfiguration(workers: 32).sized(2, false) == 32
        new AdmissionConfiguration(workers: 3).sized(64, true) == 3
    }
}
