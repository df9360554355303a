package dk.opennsp.it

import dk.opennsp.security.dgws.DgwsRequestWriter
import dk.opennsp.services.dev.DevData
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestSts
import groovy.xml.XmlSlurper

import static dk.opennsp.support.TestKeys.professional
import static dk.opennsp.support.TestKeys.token

/** Appointments and the diagnosis card: producer writes, lookups over FHIR and DGWS, validation, demo data. */
class PatientDataSpec extends AppSpec {
    static final String NS = 'urn:opennsp:patient:1.0'
    static final String XSD = '/wsdl/patient/opennsp-patient-1.0.xsd'

    static Http.Response search(String type, String cpr, Map claims = professional()) {
        Http.get("/fhir/${type}?patient.identifier=${Http.enc('urn:oid:1.2.208.176.1.2|' + cpr)}", token(claims))
    }

    static Http.Response soap(String operation, String path, String cpr) {
        String body = "<${operation}Request xmlns=\"${NS}\"><PersonIdentifier source=\"CPR\">${cpr}</PersonIdentifier></${operation}Request>"
        TestSts.post(DgwsRequestWriter.envelope(TestSts.card(), 4, TestSts.hsuid(cpr), body), path)
    }

    def "#type: a producer's write is idempotent, an update bumps the version, and the item reads back over FHIR and DGWS"() {
        given:
        String cpr = newCpr()
        Map resource = build(cpr)

        when:
        Http.Response first = putResource(type, "idem-${cpr}", resource)
        Http.Response retry = putResource(type, "idem-${cpr}", resource)
        Http.Response changed = putResource(type, "idem-${cpr}", build(cpr) + change)

        then:
        first.status == 201
        retry.status == 200
        retry.header('ETag') == 'W/"1"'
        changed.status == 200
        changed.header('ETag') == 'W/"2"'
        first.header('Location').contains("/${type}/${first.json.id}/_history/1")

        when:
        Http.Response fhir = search(type, cpr)
        Http.Response dgws = soap(operation, path, cpr)

        then:
        fhir.matches.size() == 1
        fhir.matches[0].identifier[0].value == "idem-${cpr}"
        dgws.status == 200
        TestSts.payloadValid(dgws, XSD)
        new XmlSlurper().parseText(dgws.text).Body.children()[0].children().findAll { it.name() == item }*.Identifier*.text() == ["idem-${cpr}"]
        citizenLog(cpr).json.entries*.activity == [activity, activity]

        where:
        type          | build                                    | change                                              | operation         | path                 | item          | activity
        'Appointment' | { String c -> appointment(c) }           | [status: 'cancelled']                               | 'GetAppointments' | '/soap/appointments' | 'Appointment' | 'Opslag på aftaler'
        'Condition'   | { String c -> condition(c) }             | [note: [[text: 'Velreguleret']]]                    | 'GetDiagnoses'    | '/soap/diagnoses'    | 'Diagnosis'   | 'Opslag på diagnosekort'
    }

    def "a FHIR Condition carries code, category, clinical status, onset, abatement and the recording organisation"() {
        given:
        String cpr = newCpr()
        putResource('Condition', "full-${cpr}", condition(cpr, [
                code          : [coding: [[system: 'urn:oid:1.2.208.176.2.31', code: 'P76', display: 'Depression']]],
                clinicalStatus: [coding: [[system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'resolved']]],
                abatementDateTime: '2026-03-01', recordedDate: '2025-01-02T10:00:00Z']), DevData.GP_VESTERGADE)

        when:
        Map c = search('Condition', cpr).matches[0]

        then:
        c.code.coding[0] == [system: 'urn:oid:1.2.208.176.2.31', code: 'P76', display: 'Depression']
        c.clinicalStatus.coding[0].code == 'resolved'
        c.category[0].coding[0].code == 'problem-list-item'
        c.onsetDateTime == '2024-11-02'
        c.abatementDateTime == '2026-03-01'
        c.recordedDate.startsWith('2025-01-02T10:00:00')
        c.asserter.identifier == [system: 'urn:oid:1.2.208.176.1.1', value: DevData.GP_VESTERGADE]
    }

    def "a FHIR Appointment carries patient, performer and location by SOR, type and author organisation"() {
        given:
        String cpr = newCpr()
        putResource('Appointment', "full-${cpr}", appointment(cpr, [participant: appointment(cpr).participant +
                [[actor: [type: 'Organization', identifier: [system: 'urn:oid:1.2.208.176.1.1', value: DevData.RH_CARDIOLOGY]], status: 'accepted']]]),
                DevData.RIGSHOSPITALET)

        when:
        Map a = search('Appointment', cpr).matches[0]

        then:
        a.status == 'booked'
        a.appointmentType.coding[0].code == '185353001'
        a.start.startsWith('2026-12-03T09:00:00')
        a.participant*.actor*.identifier*.value == [cpr, DevData.RH_CARDIOLOGY, DevData.RH_CARDIOLOGY]
        a.participant*.actor*.type == ['Patient', 'Organization', 'Location']
        a.extension[0].valueReference.identifier.value == DevData.RIGSHOSPITALET
    }

    def "bad producer writes are refused with 400: #problem"() {
        given:
        String cpr = newCpr()

        expect:
        putResource(type, "bad-${cpr}", resource(cpr)).status == 400

        where:
        problem                          | type          | resource
        'appointment without status'     | 'Appointment' | { c -> appointment(c).findAll { it.key != 'status' } }
        'appointment without start'      | 'Appointment' | { c -> appointment(c).findAll { it.key != 'start' } }
        'appointment ends before start'  | 'Appointment' | { c -> appointment(c, [end: '2026-12-03T08:00:00Z']) }
        'appointment type not SNOMED'    | 'Appointment' | { c -> appointment(c, [appointmentType: [coding: [[system: 'http://x', code: '1']]]]) }
        'appointment without patient'    | 'Appointment' | { c -> appointment(c, [participant: [appointment(c).participant[1]]]) }
        'appointment with bad SOR'       | 'Appointment' | { c -> appointment(c, [participant: [appointment(c).participant[0], [actor: [type: 'Location', identifier: [system: 'urn:oid:1.2.208.176.1.1', value: '123']]]]]) }
        'condition code not ICPC/SKS'    | 'Condition'   | { c -> condition(c, [code: [coding: [[system: 'http://snomed.info/sct', code: '38341003']]]]) }
        'condition unknown category'     | 'Condition'   | { c -> condition(c, [category: [[coding: [[system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'x']]]]]) }
        'condition abated while active'  | 'Condition'   | { c -> condition(c, [abatementDateTime: '2026-01-01']) }
        'condition with bad subject'     | 'Condition'   | { c -> condition(c, [subject: [identifier: [system: 'urn:oid:1.2.208.176.1.2', value: '12']]]) }
        'condition onset as a string'    | 'Condition'   | { c -> condition(c).findAll { it.key != 'onsetDateTime' } + [onsetString: 'last year'] }
        'not JSON'                       | 'Condition'   | { c -> '{"resourceType": "Condition",' }
    }

    def "a citizen may not write, and a citizen reads their own appointments"() {
        given:
        String cpr = newCpr()
        putResource('Appointment', "own-${cpr}", appointment(cpr))

        expect:
        Http.send('PUT', "/fhir/Appointment?identifier=${Http.enc('urn:x|1')}", token(dk.opennsp.support.TestKeys.citizen(cpr)),
                appointment(cpr), ['Content-Type': 'application/fhir+json']).status == 403
        search('Appointment', cpr, dk.opennsp.support.TestKeys.citizen(cpr)).matches.size() == 1
        search('Appointment', newCpr(), dk.opennsp.support.TestKeys.citizen(cpr)).status == 403
    }

    def "dev mode seeds appointments and diagnoses for the demo citizens"() {
        expect:
        search('Appointment', DevData.NANCY).matches.size() == 2
        search('Condition', DevData.NANCY).matches*.code*.coding*.getAt(0)*.code.sort() == ['DE119', 'DI109']
    }

    def "dev mode's ready-made DGWS requests read Nancy's appointments and diagnoses end to end"() {
        when:
        Http.Response appointments = TestSts.post(Http.get("/dev/dgws/get-appointments?identity=doctor-karl&cpr=${DevData.NANCY}").text, '/soap/appointments')
        Http.Response diagnoses = TestSts.post(Http.get("/dev/dgws/get-diagnoses?identity=doctor-karl&cpr=${DevData.NANCY}").text, '/soap/diagnoses')

        then:
        appointments.status == 200
        TestSts.payloadValid(appointments, XSD)
        new XmlSlurper().parseText(appointments.text).Body.GetAppointmentsResponse.Appointment.size() == 2
        diagnoses.status == 200
        new XmlSlurper().parseText(diagnoses.text).Body.GetDiagnosesResponse.Diagnosis*.Code*.text().sort() == ['DE119', 'DI109']
    }

    def "SOAP lookups refuse a bad citizen number and a citizen other than the HSUID's"() {
        given:
        String body = "<GetDiagnosesRequest xmlns=\"${NS}\"><PersonIdentifier source=\"CPR\">0101011234</PersonIdentifier></GetDiagnosesRequest>"

        expect:
        TestSts.parse(TestSts.post(DgwsRequestWriter.envelope(TestSts.card(), 4, TestSts.hsuid('0202021234'), body),
                '/soap/diagnoses')).faultCode == 'not_authorized'
        TestSts.parse(TestSts.post(DgwsRequestWriter.envelope(TestSts.card(), 4, TestSts.hsuid('0101011234'),
                body.replace('0101011234', '12')), '/soap/diagnoses')).faultCode == 'syntax_error'
    }
}
