package dk.opennsp.ecpr

import dk.opennsp.security.Identifiers
import spock.lang.Specification

import java.time.LocalDate

/** How eCPR numbers are formed, and the order the registry tries them in. */
class EcprNumbersSpec extends Specification {

    def "the first choice is the birth date, century digit, initials and the first gender digit"() {
        expect:
        EcprNumbers.candidates(LocalDate.parse(born), gender, given, family)[0] == expected

        where:
        born         | gender                     | given     | family    | expected
        '1987-03-14' | EcprNumbers.Gender.MALE    | 'Ahmad'   | 'Karimi'  | '1403879AK1'
        '2003-11-02' | EcprNumbers.Gender.FEMALE  | 'Øydis'   | 'Ålund'   | '0211030OA0'
        '1899-12-31' | EcprNumbers.Gender.FEMALE  | 'Émilie'  | 'Zola'    | '3112998EZ0'
        '2001-01-01' | EcprNumbers.Gender.MALE    | '  '      | '123'     | '0101010XX1'
    }

    def "every candidate is a valid eCPR of the right gender, none repeats, and the initials come first"() {
        when:
        List<String> all = EcprNumbers.candidates(LocalDate.parse('1990-06-15'), EcprNumbers.Gender.FEMALE, 'Nora', 'Ali')

        then:
        all.size() == all.toSet().size()
        all.size() == 26 * 26 * 5
        all.every { Identifiers.isEcpr(it) && (it[9] as int) % 2 == 0 && it.startsWith('1506909') }
        all.take(5) == ['1506909NA0', '1506909NA2', '1506909NA4', '1506909NA6', '1506909NA8']
        all[5] == '1506909NB0'
    }

    def "a birth year outside 1800-2099 has no century digit"() {
        when:
        EcprNumbers.candidates(LocalDate.parse('2100-01-01'), EcprNumbers.Gender.MALE, 'A', 'B')

        then:
        thrown(IllegalArgumentException)
    }

    def "the syntax check takes real dates and the three century digits only"() {
        expect:
        Identifiers.isEcpr(value) == valid

        where:
        value        | valid
        '1403879AK1' | true
        '2902009AB2' | false   // 29 February 1900 did not exist
        '2902000AB2' | true    // 2000 was a leap year
        '1403875AK1' | false   // no such century digit
        '1403879ak1' | false
        '140387AK1'  | false
        '0101901111' | false   // a CPR number
    }
}
