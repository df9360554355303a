package dk.opennsp.support

import spock.lang.Specification

import static dk.opennsp.support.TestKeys.*

/** Base for specs against the shared running application. */
abstract class AppSpec extends Specification {
    static final AtomicCprs CPRS = new AtomicCprs()

    def setupSpec() {
        TestApp.server()
    }

    /** A fresh citizen number per use, so specs never see each other's data. */
    static String newCpr() {
        CPRS.next()
    }

    static class AtomicCprs {
        private final java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong(
                3000000000L + (System.nanoTime() % 1000000L) * 1000L)

        String next() {
            String.format('%010d', n.incrementAndGet())
        }
    }

    static Map medicationStatement(String cpr, String atc = 'N02BE01', String name = 'Paracetamol 500 mg', Map extra = [:]) {
        [resourceType             : 'MedicationStatement', status: 'active',
         medicationCodeableConcept: [coding: [[system: 'http://www.whocc.no/atc', code: atc, display: name]], text: name],
         subject                  : [identifier: [system: 'urn:oid:1.2.208.176.1.2', value: cpr]],
         effectivePeriod          : [start: '2026-01-01'],
         dosage                   : [[text: '1 tablet dagligt']]] + extra
    }

    /** Writes one medication as a system of the given SOR organisation; returns the response. */
    static Http.Response putMedication(String cpr, String id, Map resource = medicationStatement(cpr), String orgSor = '123456789012399') {
        putResource('MedicationStatement', id, resource, orgSor)
    }

    /** Conditional update of any patient-data resource by identifier urn:oid:1.2.208.176.1.5.1|id, as a system of orgSor. */
    static Http.Response putResource(String type, String id, Object resource, String orgSor = '123456789012399') {
        String token = token(system(org_id: orgSor))
        Http.send('PUT', "/fhir/${type}?identifier=${Http.enc('urn:oid:1.2.208.176.1.5.1|' + id)}", token,
                resource, ['Content-Type': 'application/fhir+json'])
    }

    static Map appointment(String cpr, Map extra = [:]) {
        [resourceType   : 'Appointment', status: 'booked',
         appointmentType: [coding: [[system: 'http://snomed.info/sct', code: '185353001', display: 'Ambulant kontrol']]],
         start          : '2026-12-03T09:00:00Z', end: '2026-12-03T09:30:00Z',
         participant    : [[actor: [identifier: [system: 'urn:oid:1.2.208.176.1.2', value: cpr]], status: 'accepted'],
                           [actor: [type: 'Location', identifier: [system: 'urn:oid:1.2.208.176.1.1', value: '100111000016009']],
                            status: 'accepted']]] + extra
    }

    static Map condition(String cpr, Map extra = [:]) {
        [resourceType  : 'Condition',
         clinicalStatus: [coding: [[system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active']]],
         category      : [[coding: [[system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item']]]],
         code          : [coding: [[system: 'urn:oid:1.2.208.176.2.4.12', code: 'DI109', display: 'Essentiel hypertension']]],
         subject       : [identifier: [system: 'urn:oid:1.2.208.176.1.2', value: cpr]],
         onsetDateTime : '2024-11-02'] + extra
    }

    static Http.Response readCard(String cpr, Map<String, Object> claims = professional(), Map<String, String> headers = [:]) {
        Http.get(Http.cardPath(cpr), token(claims), headers)
    }

    static Http.Response citizenLog(String cpr) {
        Http.get('/api/citizen/minlog', token(citizen(cpr)))
    }
}
