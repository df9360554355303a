package dk.opennsp.it

import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http

import static dk.opennsp.support.TestKeys.*

class MedicineCardSpec extends AppSpec {

    def "a professional reads a citizen's medicine card as a searchset of MedicationStatements"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "card-${cpr}-1", medicationStatement(cpr, 'C07AB02', 'Metoprolol 50 mg',
                [effectivePeriod: [start: '2025-03-01', end: '2027-03-01']])).status == 201

        when:
        Http.Response r = readCard(cpr)

        then:
        r.status == 200
        r.header('Content-Type').startsWith('application/fhir+json')
        r.json.resourceType == 'Bundle'
        r.json.type == 'searchset'
        r.json.total == 1
        Map ms = r.matches[0]
        ms.resourceType == 'MedicationStatement'
        ms.medicationCodeableConcept.coding[0] == [system: 'http://www.whocc.no/atc', code: 'C07AB02', display: 'Metoprolol 50 mg']
        ms.dosage[0].text == '1 tablet dagligt'
        ms.effectivePeriod == [start: '2025-03-01', end: '2027-03-01']
        ms.subject.identifier == [system: 'urn:oid:1.2.208.176.1.2', value: cpr]
        ms.informationSource.identifier == [system: 'urn:oid:1.2.208.176.1.1', value: '123456789012399']
        ms.informationSource.display == 'Test Hospital'
        r.outcomes.isEmpty()
    }

    def "a citizen reads their own card but not another citizen's"() {
        given:
        String own = newCpr()
        String other = newCpr()
        putMedication(own, "own-${own}")
        putMedication(other, "other-${other}")

        expect:
        readCard(own, citizen(own)).matches.size() == 1

        when:
        Http.Response r = readCard(other, citizen(own))

        then:
        r.status == 403
        r.json.resourceType == 'OperationOutcome'
        r.json.issue[0].code == 'forbidden'
        !r.text.contains(other.substring(0, 6) + 'MedicationStatement')
    }

    def "a parent with custody reads the child's card"() {
        given:
        String parent = newCpr()
        String child = newCpr()
        putMedication(child, "child-${child}")

        expect:
        readCard(child, citizen(parent, [on_behalf_of: [relation: 'custody', cpr: child]])).matches.size() == 1
    }

    def "system and SOR admin callers may not read citizen data"() {
        expect:
        readCard(newCpr(), claims).status == 403

        where:
        claims << [system(), [user_type: 'sor_admin', region_code: '1084']]
    }

    def "bad search input gets 400 with an OperationOutcome: #problem"() {
        when:
        Http.Response r = Http.get(path, token(professional()))

        then:
        r.status == 400
        r.json.resourceType == 'OperationOutcome'
        r.json.issue[0].diagnostics.contains(message)

        where:
        problem                     | path                                                                                                 | message
        'CPR with 9 digits'         | Http.cardPath('123456789')                                                                           | '10 digits'
        'CPR with letters'          | Http.cardPath('12345678ab')                                                                          | '10 digits'
        'CPR with 11 digits'        | Http.cardPath('12345678901')                                                                         | '10 digits'
        'unknown parameter'         | Http.cardPath('0101010101') + '&foo=bar'                                                             | 'Unknown search parameter'
        'misspelt parameter'        | "/fhir/MedicationStatement?patient.identifer=${Http.enc('urn:oid:1.2.208.176.1.2|0101010101')}"      | 'Unknown search parameter'
        'missing patient'           | '/fhir/MedicationStatement'                                                                          | 'required'
        'wrong identifier system'   | "/fhir/MedicationStatement?patient.identifier=${Http.enc('urn:oid:9.9|0101010101')}"                | 'urn:oid:1.2.208.176.1.2'
        'repeated parameter'        | Http.cardPath('0101010101') + '&patient.identifier=' + Http.enc('urn:oid:1.2.208.176.1.2|0202020202') | 'exactly one value'
    }

    def "conditional update is idempotent: the same identifier sent twice yields one resource"() {
        given:
        String cpr = newCpr()

        when:
        Http.Response first = putMedication(cpr, "retry-${cpr}")
        Http.Response retry = putMedication(cpr, "retry-${cpr}")

        then:
        first.status == 201
        first.header('ETag') == 'W/"1"'
        retry.status == 200
        retry.json.id == first.json.id
        retry.json.meta.versionId == '1'
        readCard(cpr).matches.size() == 1

        when: 'the sender changes the dosage under the same identifier'
        Map changed = medicationStatement(cpr, 'N02BE01', 'Paracetamol 500 mg', [dosage: [[text: '2 tabletter']]])
        Http.Response update = putMedication(cpr, "retry-${cpr}", changed)

        then:
        update.status == 200
        update.json.id == first.json.id
        update.json.meta.versionId == '2'
        readCard(cpr).matches*.dosage*.text.flatten() == ['2 tabletter']
    }

    def "concurrent retries of one ordination still yield one resource"() {
        given:
        String cpr = newCpr()

        when:
        List<Integer> statuses = (1..8).collect { java.util.concurrent.CompletableFuture.supplyAsync { putMedication(cpr, "race-${cpr}").status } }*.join()

        then:
        statuses.every { it in [200, 201] }
        readCard(cpr).matches.size() == 1
    }

    def "bad writes get a clear 4xx: #problem"() {
        given:
        String cpr = newCpr()
        String token = token(system())

        when:
        Http.Response r = Http.send('PUT', "/fhir/MedicationStatement?identifier=${Http.enc(identifier)}", token, body,
                ['Content-Type': 'application/fhir+json'])

        then:
        r.status == status
        r.json.resourceType == 'OperationOutcome'
        !r.text.contains('at dk.opennsp')

        where:
        problem                       | identifier      | body                                                                               | status
        'malformed JSON'              | 'urn:x|1'       | '{"resourceType": "MedicationStatement", "status": '                               | 400
        'not JSON at all'             | 'urn:x|2'       | 'hello'                                                                            | 400
        'empty body'                  | 'urn:x|3'       | ''                                                                                 | 400
        'another resource type'       | 'urn:x|4'       | [resourceType: 'Patient']                                                          | 400
        'unknown element'             | 'urn:x|5'       | medicationStatement('0101010101') + [colour: 'blue']                               | 400
        'invalid status code'         | 'urn:x|6'       | medicationStatement('0101010101') + [status: 'sort-of']                            | 400
        'CPR not 10 digits'           | 'urn:x|7'       | medicationStatement('01010101')                                                    | 400
        'no ATC coding'               | 'urn:x|8'       | medicationStatement('0101010101') + [medicationCodeableConcept: [text: 'Pill']]    | 400
        'end before start'            | 'urn:x|9'       | medicationStatement('0101010101') + [effectivePeriod: [start: '2026-02-01', end: '2026-01-01']] | 400
        'identifier mismatch'         | 'urn:x|10'      | medicationStatement('0101010101') + [identifier: [[system: 'urn:x', value: '11']]] | 400
        'identifier without system'   | '10'            | medicationStatement('0101010101')                                                  | 400
        'missing identifier'          | ''              | medicationStatement('0101010101')                                                  | 400
    }

    def "an oversized request body is refused with 413"() {
        given:
        Map huge = medicationStatement('0101010101') + [note: [[text: 'x' * 2_000_000]]]

        when:
        Http.Response r = Http.send('PUT', "/fhir/MedicationStatement?identifier=${Http.enc('urn:x|big')}", token(system()),
                huge, ['Content-Type': 'application/fhir+json'])

        then:
        r.status == 413
        r.json.resourceType == 'OperationOutcome'
    }

    def "a citizen may not write to a medicine card"() {
        when:
        String cpr = newCpr()
        Http.Response r = Http.send('PUT', "/fhir/MedicationStatement?identifier=${Http.enc('urn:x|c1')}", token(citizen(cpr)),
                medicationStatement(cpr), ['Content-Type': 'application/fhir+json'])

        then:
        r.status == 403
        r.json.issue[0].code == 'forbidden'
    }

    def "an identifier cannot be moved to another patient"() {
        given:
        String first = newCpr()
        putMedication(first, "moved-${first}")

        when:
        Http.Response r = putMedication(newCpr(), "moved-${first}")

        then:
        r.status == 422
        readCard(first).matches.size() == 1
    }
}
