package dk.opennsp.security.error

import spock.lang.Specification

class ClientMessagesSpec extends Specification {

    def "framework messages lose class and package names: #input"() {
        expect:
        ClientMessages.withoutInternals(input) == output

        where:
        input                                                                                                       | output
        'Failed to convert argument [request] for value [null] due to: Unexpected token START_ARRAY'                | 'The request could not be read: Unexpected token START_ARRAY'
        'Cannot deserialize value of type `dk.opennsp.services.citizen.BlockingsController$BlockingRequest` from Array' | 'Cannot deserialize value of type a value from Array'
        'Cannot coerce to java.time.Instant (through reference chain: dk.opennsp.X["validFrom"])'                  | 'Cannot coerce to a value'
        'Unexpected end-of-input at [Source: REDACTED; line: 1, column: 9]'                                          | 'Unexpected end-of-input'
        'kind must be ALL or PROFESSIONAL'                                                                          | 'kind must be ALL or PROFESSIONAL'
        'validFrom must be an instant, e.g. 2026-01-01T00:00:00Z'                                                    | 'validFrom must be an instant, e.g. 2026-01-01T00:00:00Z'
    }
}
