package dk.opennsp.it

import dk.opennsp.security.dgws.DgwsRequestWriter
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestSts
import groovy.xml.XmlSlurper


import static dk.opennsp.support.TestKeys.citizen
import static dk.opennsp.support.TestKeys.professional
import static dk.opennsp.support.TestKeys.system
import static dk.opennsp.support.TestKeys.token

/** ConsentForUserCheck / ConsentForDataCheck over DGWS (/soap/consent) and REST (/api/consent/...). */
class ConsentCheckSpec extends AppSpec {
    static final String NS = 'urn:opennsp:patient:1.0'
    static final String XSD = '/wsdl/patient/opennsp-patient-1.0.xsd'
    static final String RH_CARDIOLOGY = '100111000016009'
    static final String RIGSHOSPITALET = '100101000016007'
    static final String AUH_ENDOCRINOLOGY = '100211000016003'

    static String systemCard() {
        TestSts.systemCard('Lokal EPJ')
    }

    static Http.Response soap(String body, String card = systemCard(), int level = 3) {
        TestSts.post(DgwsRequestWriter.envelope(card, level, [:], body), '/soap/consent')
    }

    static String user(String auth = 'T0001', String sor = RH_CARDIOLOGY) {
        "<User><AuthorisationIdentifier>${auth}</AuthorisationIdentifier><OrganisationSorIdentifier>${sor}</OrganisationSorIdentifier></User>"
    }

    static String userCheck(String cpr, String user = user()) {
        "<ConsentForUserCheckRequest xmlns=\"${NS}\"><PersonIdentifier source=\"CPR\">${cpr}</PersonIdentifier>${user}</ConsentForUserCheckRequest>"
    }

    static String dataCheck(String cpr, List<List<String>> items) {
        "<ConsentForDataCheckRequest xmlns=\"${NS}\"><PersonIdentifier source=\"CPR\">${cpr}</PersonIdentifier>${user()}" +
                items.collect { id, sor, created -> "<DataItem><Identifier>${id}</Identifier>" +
                        (sor ? "<OrganisationSorIdentifier>${sor}</OrganisationSorIdentifier>" : '') + "<Created>${created}</Created></DataItem>" }.join('') +
                '</ConsentForDataCheckRequest>'
    }

    static def body(Http.Response r) {
        new XmlSlurper().parseText(r.text).Body.children()[0]
    }

    static void block(String cpr, Map body) {
        assert Http.send('POST', '/api/citizen/blockings', token(citizen(cpr)), body).status == 201
    }

    def "ConsentForUserCheck answers #expected for #situation, schema-valid"() {
        given:
        String cpr = newCpr()
        registrations.each { block(cpr, it) }

        when:
        Http.Response r = soap(userCheck(cpr))

        then:
        r.status == 200
        TestSts.payloadValid(r, XSD)
        body(r).Consent.text() == expected
        body(r).DataSpecificBlockings.text() == dataSpecific

        where:
        situation                          | registrations                                                                        | expected   | dataSpecific
        'no registrations'                 | []                                                                                   | 'NONE'     | 'false'
        'a blocking of the unit above'     | [[kind: 'ORGANISATION', target: RIGSHOSPITALET, includeSubUnits: true]]              | 'NEGATIVE' | 'false'
        'a positive consent'               | [[kind: 'ALL'], [kind: 'POSITIVE_CONSENT', target: 'T0001']]                         | 'POSITIVE' | 'false'
        'only a data-specific blocking'    | [[kind: 'DATA_FROM_ORGANISATION', target: AUH_ENDOCRINOLOGY]]                        | 'NONE'     | 'true'
    }

    def "ConsentForDataCheck filters items by originating unit (with sub-units) and creation period"() {
        given:
        String cpr = newCpr()
        block(cpr, [kind: 'DATA_FROM_ORGANISATION', target: RIGSHOSPITALET, includeSubUnits: true])
        block(cpr, [kind: 'DATA_PERIOD', dataFrom: '2020-01-01T00:00:00Z', dataTo: '2021-01-01T00:00:00Z'])

        when:
        Http.Response r = soap(dataCheck(cpr, [['rh', RH_CARDIOLOGY, '2025-01-01T00:00:00Z'],
                                               ['auh', AUH_ENDOCRINOLOGY, '2025-01-01T00:00:00Z'],
                                               ['old', AUH_ENDOCRINOLOGY, '2020-06-01T00:00:00+02:00'],
                                               ['unknown-origin', null, '2025-01-01T00:00:00Z']]))

        then:
        r.status == 200
        TestSts.payloadValid(r, XSD)
        body(r).DataItem.collectEntries { [it.Identifier.text(), it.Allowed.text()] } ==
                [rh: 'false', auh: 'true', old: 'false', 'unknown-origin': 'true']
        citizenLog(cpr).json.total == 0
    }

    def "consent checks over DGWS refuse bad input with syntax_error: #problem"() {
        expect:
        TestSts.parse(soap(request)).faultCode == 'syntax_error'

        where:
        problem                 | request
        'no user identifiers'   | userCheck('0101011234', '<User/>')
        'bad SOR check digit'   | userCheck('0101011234', user('T0001', '100111000016008'))
        'over 1000 items'       | dataCheck('0101011234', (1..1001).collect { ["i${it}", null, '2025-01-01T00:00:00Z'] })
        'created without zone'  | dataCheck('0101011234', [['x', null, '2025-01-01T00:00:00']])
        'unknown operation'     | "<GetSomething xmlns=\"${NS}\"/>"
    }

    def "the consent WSDL and schema are published"() {
        expect:
        Http.get('/soap/consent?wsdl').text.contains('ConsentForDataCheck')
        Http.get('/soap/appointments?wsdl').text.contains('GetAppointments')
        Http.get('/soap/diagnoses?wsdl').text.contains('GetDiagnoses')
        Http.get('/soap/consent?xsd=opennsp-patient-1.0.xsd').text.contains('ConsentForUserCheckRequest')
    }

    def "REST user-check and data-check give the same answers to JWT systems and professionals"() {
        given:
        String cpr = newCpr()
        block(cpr, [kind: 'DATA_FROM_ORGANISATION', target: RH_CARDIOLOGY])

        when:
        Map user = Http.send('POST', '/api/consent/user-check', token(system()),
                [cpr: cpr, user: [authorizationCode: 'T0001', sor: RH_CARDIOLOGY]]).json
        Map data = Http.send('POST', '/api/consent/data-check', token(professional()),
                [cpr: cpr, items: [[id: 'a', sor: RH_CARDIOLOGY, created: '2025-01-01T00:00:00Z'],
                                   [id: 'b', sor: AUH_ENDOCRINOLOGY, created: '2025-01-01T00:00:00Z']]]).json

        then:
        user == [cpr: cpr, consent: 'NONE', dataSpecificBlockings: true]
        data.items == [[id: 'a', allowed: false], [id: 'b', allowed: true]]
    }

    def "REST consent checks refuse #problem with #status"() {
        expect:
        Http.send('POST', "/api/consent/${check}", bearer, body).status == status

        where:
        problem               | check        | bearer                       | body                                                        | status
        'a citizen'           | 'user-check' | token(citizen('0101011234')) | [cpr: '0101011234', user: [authorizationCode: 'T0001']]    | 403
        'no token'            | 'user-check' | null                         | [cpr: '0101011234', user: [authorizationCode: 'T0001']]    | 401
        'a system, no user'   | 'user-check' | token(system())              | [cpr: '0101011234']                                          | 400
        'a bad CPR'           | 'user-check' | token(system())              | [cpr: '12', user: [authorizationCode: 'T0001']]             | 400
        'no items'            | 'data-check' | token(system())              | [cpr: '0101011234', user: [authorizationCode: 'T0001']]    | 400
        'a bad created'       | 'data-check' | token(system())              | [cpr: '0101011234', user: [cpr: '0101701111'], items: [[id: 'x', created: 'now']]] | 400
        'no body'             | 'data-check' | token(system())              | null                                                        | 400
    }
}
