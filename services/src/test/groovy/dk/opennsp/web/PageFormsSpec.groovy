package dk.opennsp.web

import dk.opennsp.services.web.BlockingForm
import dk.opennsp.services.web.CitizenPagesController
import spock.lang.Specification

/** The citizen pages' form helpers: Danish hints for the blocking form, and dates picked in Danish time. */
class PageFormsSpec extends Specification {

    def "the blocking form says in Danish what is missing, and lets through what the API should judge"() {
        expect:
        (BlockingForm.problem(kind, target, from, to) ?: '').contains(hint)

        where:
        kind                     | target            | from         | to           | hint
        null                     | null              | null         | null         | 'Vælg hvad'
        'PROFESSIONAL'           | null              | null         | null         | 'autorisations-ID'
        'PROFESSIONAL'           | 'abc'             | null         | null         | 'autorisations-ID'
        'PROFESSIONAL'           | 'C1A23'           | null         | null         | ''
        'PROFESSIONAL'           | '0505601111'      | null         | null         | ''
        'POSITIVE_CONSENT'       | 'x'               | null         | null         | 'autorisations-ID'
        'ORGANISATION'           | 'Rigshospitalet'  | null         | null         | 'SOR-kode'
        'DATA_FROM_ORGANISATION' | '12345'           | null         | null         | 'SOR-kode'
        'DATA_PERIOD'            | null              | '2026-01-01' | null         | 'både fra- og til-dato'
        'DATA_PERIOD'            | null              | '2026-01-01' | '2026-02-01' | ''
        'ALL'                    | null              | null         | null         | ''
    }

    def "a picked day is that day in Danish time; a 'to' day is inclusive; anything else goes on as typed for the API to refuse"() {
        expect:
        CitizenPagesController.startOfDay(day) == start
        CitizenPagesController.endOfDay(day) == end

        where:
        day          | start                  | end
        '2026-03-01' | '2026-02-28T23:00:00Z' | '2026-03-01T23:00:00Z'
        '2026-07-01' | '2026-06-30T22:00:00Z' | '2026-07-01T22:00:00Z'
        '2026-02-30' | '2026-02-30'           | '2026-02-30'
        'soon'       | 'soon'                 | 'soon'
        '  '         | null                   | null
        null         | null                   | null
    }
}
