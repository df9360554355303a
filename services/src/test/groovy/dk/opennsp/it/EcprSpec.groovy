package dk.opennsp.it

import dk.opennsp.security.Identifiers
import dk.opennsp.security.dgws.DgwsRequestWriter
import dk.opennsp.support.TestSts
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http

import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

import static dk.opennsp.support.TestKeys.citizen
import static dk.opennsp.support.TestKeys.professional
import static dk.opennsp.support.TestKeys.system
import static dk.opennsp.support.TestKeys.token
import static dk.opennsp.support.TestSts.post
import static dk.opennsp.support.TestSts.request

/**
 * People without a CPR number: registered in the national eCPR registry (FHIR Patient), then looked up,
 * written to, blocked and logged by their eCPR exactly like a citizen by CPR.
 */
class EcprSpec extends AppSpec {
    static final String PASSPORT = 'urn:oid:1.2.208.176.1.6.3.99'
    static final String AUDITOR = token([user_type: 'minlog_admin', given_name: 'Anna', family_name: 'Auditor', sub: 'auditor-anna'])
    static final String SUPPORT = token([user_type: 'support', given_name: 'Sofie', family_name: 'Support', sub: 'support-sofie'])
    static final Random RANDOM = new Random()

    static Map patient(String given, String family, String birthDate, String gender, List<Map> identifiers = []) {
        [resourceType: 'Patient', name: [[family: family, given: [given]]], birthDate: birthDate, gender: gender,
         identifier  : identifiers, address: [[text: 'Asylcenter Sandholm, 3460 Birkerød']]]
    }

    static Http.Response register(Map resource, String as = token(system()), Map<String, String> headers = [:]) {
        Http.send('POST', '/fhir/Patient', as, resource, ['Content-Type': 'application/fhir+json'] + headers)
    }

    static String ecprOf(Http.Response r) {
        r.json.identifier.find { it.system == Identifiers.ECPR_SYSTEM }.value
    }

    static String passport() {
        'P' + Long.toString(Math.abs(RANDOM.nextLong()), 36).take(9).toUpperCase()
    }

    static Http.Response medicineCard(String ecpr, Map claims = professional()) {
        Http.get("/fhir/MedicationStatement?patient.identifier=${Http.enc(Identifiers.ECPR_SYSTEM + '|' + ecpr)}", token(claims))
    }

    def "a new registration gets a national eCPR: birth date, century digit, initials and a gender digit"() {
        when:
        Http.Response man = register(patient('Ahmad', 'Karimi', '1987-03-14', 'male'))
        Http.Response woman = register(patient('Øydis', 'Ålund', '2003-11-02', 'female'))

        then:
        man.status == 201
        ecprOf(man) ==~ /1403879AK[13579]/
        man.header('Location').endsWith("/Patient/${ecprOf(man)}/_history/1")
        woman.status == 201
        ecprOf(woman) ==~ /0211030OA[02468]/
        [ecprOf(man), ecprOf(woman)].every { Identifiers.isEcpr(it) }
    }

    def "16 registrations of people with the same name, birth date and gender at the same moment get 16 different numbers"() {
        given:
        String family = 'Samtidig' + passport()
        def pool = Executors.newFixedThreadPool(16)
        CountDownLatch go = new CountDownLatch(1)

        when:
        def futures = (1..16).collect {
            pool.submit({ go.await(); register(patient('Sam', family, '1999-09-09', 'male')) } as Callable<Http.Response>)
        }
        go.countDown()
        List<Http.Response> answers = futures.collect { it.get(60, TimeUnit.SECONDS) }

        then:
        answers*.status.every { it == 201 }
        List<String> numbers = answers.collect { ecprOf(it) }
        numbers.toSet().size() == 16
        numbers.every { it.startsWith('0909999') && Identifiers.isEcpr(it) && (it[9] as int) % 2 == 1 }

        cleanup:
        pool.shutdown()
    }

    def "a returning patient found by passport number keeps their eCPR, with or without If-None-Exist"() {
        given:
        String pass = passport()
        Map resource = patient('Lina', 'Haddad', '1975-05-05', 'female', [[system: PASSPORT, value: pass]])
        Http.Response first = register(resource)

        when:
        Http.Response conditional = register(patient('Lina', 'Haddad', '1975-05-05', 'female'), token(system()),
                ['If-None-Exist': "identifier=${PASSPORT}|${pass}".toString()])
        Http.Response again = register(resource)
        Http.Response byPassport = Http.get("/fhir/Patient?identifier=${Http.enc(PASSPORT + '|' + pass)}", token(professional()))
        Http.Response byName = Http.get('/fhir/Patient?family=haddad&given=Lina&birthdate=1975-05-05', token(professional()))

        then:
        first.status == 201
        conditional.status == 200
        again.status == 200
        [conditional, again].every { ecprOf(it) == ecprOf(first) }
        byPassport.matches*.id == [ecprOf(first)]
        byName.matches*.id.contains(ecprOf(first))
    }

    def "the medicine card by eCPR over FHIR and SOAP; writes by eCPR; the lookups are in the person's log"() {
        given:
        String ecpr = ecprOf(register(patient('Omar', 'Said', '1960-01-31', 'male')))
        Map med = medicationStatement(ecpr) + [subject: [identifier: [system: Identifiers.ECPR_SYSTEM, value: ecpr]]]

        when:
        Http.Response write = putMedication(ecpr, "ecpr-${ecpr}", med)
        Http.Response fhir = medicineCard(ecpr)
        String soapRequest = request(ecpr).replace('source="CPR"', 'source="eCPR"')
        Http.Response soap = post(soapRequest)
        Http.Response fmkSource = post(request(ecpr).replace('source="CPR"', 'source="X-eCPR"'))
        List<Map> log = Http.get("/api/minlog/audit?cpr=${ecpr}", AUDITOR).json.entries

        then:
        write.status == 201
        fhir.status == 200
        fhir.matches.size() == 1
        fhir.matches[0].subject.identifier.system == Identifiers.ECPR_SYSTEM
        soap.status == 200
        soap.text.contains("source=\"eCPR\">${ecpr}<")
        soap.text.contains('N02BE01')
        fmkSource.status == 200
        log.count { it.activity == 'Opslag på medicinkort' } == 3
        log.any { it.activity == 'Opslag i eCPR-registrering' }
    }

    def "a blocking registered for an eCPR person applies to their data and their registration"() {
        given:
        String ecpr = ecprOf(register(patient('Sara', 'Nasser', '1991-07-07', 'female')))
        putMedication(ecpr, "block-${ecpr}", medicationStatement(ecpr) + [subject: [identifier: [system: Identifiers.ECPR_SYSTEM, value: ecpr]]])
        assert medicineCard(ecpr).matches.size() == 1

        when: 'support staff register her blocking of the professional, from a paper form'
        Http.Response blocked = Http.send('POST', "/api/citizen/blockings?cpr=${ecpr}", SUPPORT,
                [kind: 'PROFESSIONAL', target: 'T0001', channel: 'paper', note: 'Formular modtaget'])

        then:
        blocked.status == 201
        medicineCard(ecpr).matches.isEmpty()
        Http.get("/fhir/Patient/${ecpr}", token(professional())).status == 403
        Http.get("/fhir/Patient/${ecpr}", token(professional(authorization_code: 'OTHR1'))).status == 200
    }

    def "identifiers are checked per system, with messages that say what went wrong"() {
        expect:
        Http.Response r = Http.get("/fhir/MedicationStatement?patient.identifier=${Http.enc(token)}", token(professional()))
        r.status == 400
        r.json.issue[0].diagnostics.contains(message)

        where:
        token                                           | message
        Identifiers.ECPR_SYSTEM + '|0101901111'         | 'is a CPR number: send it under urn:oid:1.2.208.176.1.2'
        Identifiers.CPR_SYSTEM + '|0101909AB1'          | 'is an eCPR (replacement number): send it under urn:oid:1.2.208.176.1.6.1.1'
        Identifiers.ECPR_SYSTEM + '|3201909AB1'         | 'an eCPR is the birth date DDMMYY'
        Identifiers.ECPR_SYSTEM + '|0101901ab1'         | 'an eCPR is the birth date DDMMYY'
        'urn:oid:1.2.3|0101901111'                      | 'a person is identified by'
    }

    def "a CPR number sent as an eCPR over SOAP is a syntax_error fault that says so"() {
        when:
        Http.Response r = post(request('0101901111').replace('source="CPR"', 'source="eCPR"'))

        then:
        r.status == 500
        r.text.contains('syntax_error')
        r.text.contains('is a CPR number')
    }

    def "registering is for professionals and systems; a citizen may not, and a registration needs a name, birth date and gender"() {
        expect:
        register(patient('A', 'B', '1990-01-01', 'male'), token(citizen(newCpr()))).status == 403
        register(patient('A', 'B', '1990-01-01', 'unknown')).status == 400
        register(patient('A', 'B', '2999-01-01', 'male')).status == 400
        register([resourceType: 'Patient', birthDate: '1990-01-01', gender: 'male']).status == 400
        register(patient('A', 'B', '1990-01-01', 'male', [[system: Identifiers.ECPR_SYSTEM, value: '0101909AB1']])).status == 400
        register(patient('A', 'B', '1990-01-01', 'male', [[system: 'not a system', value: 'x']])).status == 400
    }

    static Map subject(String ecpr) {
        [subject: [identifier: [system: Identifiers.ECPR_SYSTEM, value: ecpr]]]
    }

    def "linking to a CPR number keeps the history together: both numbers read it, blockings of both apply, one log; support staff can undo it"() {
        given: 'a patient registered, treated and looked up under an eCPR'
        String ecpr = ecprOf(register(patient('Yusuf', 'Rahimi', '1970-02-02', 'male')))
        putMedication(ecpr, "before-${ecpr}", medicationStatement(ecpr) + subject(ecpr))
        assert medicineCard(ecpr).matches.size() == 1
        String cpr = newCpr()

        when: 'he gets a CPR number, and a new medication is written under it'
        Http.Response linked = Http.send('POST', "/api/ecpr/${ecpr}/link", token(system()), [cpr: cpr])
        putMedication(cpr, "after-${cpr}", medicationStatement(cpr, 'C07AB02', 'Metoprolol 50 mg'))

        then: 'both medications by either number'
        linked.status == 200
        linked.json.cpr == cpr
        readCard(cpr).matches*.medicationCodeableConcept.text.toSet() == ['Paracetamol 500 mg', 'Metoprolol 50 mg'] as Set
        medicineCard(ecpr).matches.size() == 2
        Http.get("/fhir/Patient/${ecpr}", token(professional())).json.link[0].other.identifier.value == cpr

        and: 'logged in with his CPR number he sees the lookups made under his eCPR as well'
        List<Map> own = citizenLog(cpr).json.entries
        own.size() >= 4
        own.size() == Http.get("/api/minlog/audit?cpr=${ecpr}", AUDITOR).json.entries.size()

        when: 'a blocking registered under the eCPR'
        assert Http.send('POST', "/api/citizen/blockings?cpr=${ecpr}", SUPPORT,
                [kind: 'PROFESSIONAL', target: 'T0001', channel: 'paper', note: 'Formular']).status == 201

        then: 'applies to lookups by the CPR number'
        readCard(cpr).matches.isEmpty()
        readCard(cpr, professional(authorization_code: 'OTHR1')).matches.size() == 2

        when: 'the link was a mistake: only support staff may undo it, and must say why'
        Http.Response byProfessional = Http.send('DELETE', "/api/ecpr/${ecpr}/link?note=x", token(professional()), null)
        Http.Response withoutNote = Http.send('DELETE', "/api/ecpr/${ecpr}/link", SUPPORT, null)
        Http.Response bySupport = Http.send('DELETE', "/api/ecpr/${ecpr}/link?note=${Http.enc('Forkert person')}", SUPPORT, null)

        then:
        byProfessional.status == 403
        withoutNote.status == 400
        bySupport.status == 200
        bySupport.json.cpr == null

        and: 'the two are separate people again, and the history says who did what'
        readCard(cpr).matches.size() == 1
        medicineCard(ecpr, professional(authorization_code: 'OTHR1')).matches.size() == 1
        List<Map> history = Http.get("/api/ecpr/${ecpr}/links", SUPPORT).json
        history*.action == ['link', 'unlink']
        history[1].note == 'Forkert person'
        history[1].actor.contains('support')
        Http.get("/api/ecpr/${ecpr}/links", token(professional())).status == 403
    }

    def "a registration is linked to one CPR number only, and only to a CPR number"() {
        given:
        String ecpr = ecprOf(register(patient('Noor', 'Aziz', '1985-08-08', 'female')))
        String cpr = newCpr()

        expect:
        Http.send('POST', "/api/ecpr/${ecpr}/link", token(system()), [cpr: cpr]).status == 200
        Http.send('POST', "/api/ecpr/${ecpr}/link", token(professional()), [cpr: cpr]).status == 200
        Http.send('POST', "/api/ecpr/${ecpr}/link", token(system()), [cpr: newCpr()]).status == 409
        Http.send('POST', "/api/ecpr/${ecpr}/link", token(system()), [cpr: '0101909AB1']).status == 400
        Http.send('POST', "/api/ecpr/0101909ZZ9/link", token(system()), [cpr: newCpr()]).status == 404
        Http.send('POST', "/api/ecpr/${ecpr}/link", token(citizen(cpr)), [cpr: cpr]).status == 403
    }

    static final String ECPR_NS = 'urn:opennsp:ecpr:1.0'

    static Http.Response soap(String body, String card = TestSts.systemCard('Lokal EPJ'), int level = 3) {
        post(DgwsRequestWriter.envelope(card, level, [:], body), '/soap/ecpr')
    }

    static String person(String given, String family, String born, String gender, String passport = null) {
        "<Person><GivenName>${given}</GivenName><FamilyName>${family}</FamilyName><BirthDate>${born}</BirthDate>" +
                "<Gender>${gender}</Gender>" + (passport ? "<OtherIdentifier system=\"${PASSPORT}\">${passport}</OtherIdentifier>" : '') + '</Person>'
    }

    def "over DGWS a system registers a person (level 3 card) and a professional finds them (level 4 card); both are in the person's log"() {
        given:
        String pass = passport()

        when:
        Http.Response created = soap("<CreatePersonRegistrationRequest xmlns=\"${ECPR_NS}\">${person('Amina', 'Yusuf', '1995-04-04', 'female', pass)}</CreatePersonRegistrationRequest>")
        String ecpr = (created.text =~ /source="eCPR">([0-9A-Z]{10})</)[0][1]
        Http.Response again = soap("<CreatePersonRegistrationRequest xmlns=\"${ECPR_NS}\">${person('Amina', 'Yusuf', '1995-04-04', 'female', pass)}</CreatePersonRegistrationRequest>")
        Http.Response byPassport = soap("<SearchPersonRegistrationsRequest xmlns=\"${ECPR_NS}\"><OtherIdentifier system=\"${PASSPORT}\">${pass}</OtherIdentifier></SearchPersonRegistrationsRequest>",
                TestSts.card(), 4)
        Http.Response byName = soap("<SearchPersonRegistrationsRequest xmlns=\"${ECPR_NS}\"><FamilyName>Yusuf</FamilyName><BirthDate>1995-04-04</BirthDate></SearchPersonRegistrationsRequest>",
                TestSts.card(), 4)

        then:
        created.status == 200
        created.text.contains('<e:Created>true</e:Created>')
        ecpr ==~ /0404959AY[02468]/
        again.text.contains('<e:Created>false</e:Created>')
        again.text.contains(ecpr)
        byPassport.status == 200
        byPassport.text.contains(ecpr)
        byPassport.text.contains('<e:Withheld>0</e:Withheld>')
        byName.text.contains(ecpr)
        Http.get("/api/minlog/audit?cpr=${ecpr}", AUDITOR).json.entries.count { it.activity == 'Opslag i eCPR-registrering' } == 4
    }

    def "over DGWS a malformed registration or an eCPR that is a CPR number is a syntax_error fault"() {
        expect:
        Http.Response r = soap(body)
        r.status == 500
        r.text.contains('syntax_error')

        where:
        body << ["<CreatePersonRegistrationRequest xmlns=\"${ECPR_NS}\">${person('A', 'B', '1995-04-04', 'unknown')}</CreatePersonRegistrationRequest>".toString(),
                 "<CreatePersonRegistrationRequest xmlns=\"${ECPR_NS}\">${person('A', 'B', 'yesterday', 'male')}</CreatePersonRegistrationRequest>".toString(),
                 "<SearchPersonRegistrationsRequest xmlns=\"${ECPR_NS}\"><PersonIdentifier source=\"eCPR\">0101901111</PersonIdentifier></SearchPersonRegistrationsRequest>".toString()]
    }

    def "details are corrected in a new version under the same eCPR; a stale or missing If-Match is refused"() {
        given:
        String ecpr = ecprOf(register(patient('Hassan', 'Ali', '1980-01-01', 'male')))
        Map corrected = patient('Hassan', 'Alizadeh', '1980-01-01', 'male') + [id: ecpr]
        String doctor = token(professional())

        when:
        Http.Response read = Http.get("/fhir/Patient/${ecpr}", doctor)
        Http.Response updated = Http.send('PUT', "/fhir/Patient/${ecpr}", doctor, corrected,
                ['Content-Type': 'application/fhir+json', 'If-Match': read.header('ETag')])
        Http.Response stale = Http.send('PUT', "/fhir/Patient/${ecpr}", doctor, corrected,
                ['Content-Type': 'application/fhir+json', 'If-Match': read.header('ETag')])
        Http.Response missing = Http.send('PUT', "/fhir/Patient/${ecpr}", doctor, corrected, ['Content-Type': 'application/fhir+json'])

        then:
        read.header('ETag') == 'W/"1"'
        updated.status == 200
        updated.header('ETag') == 'W/"2"'
        updated.json.name[0].family == 'Alizadeh'
        ecprOf(updated) == ecpr
        stale.status == 412
        missing.status == 428
    }

    def "two registrations of one person are merged: the duplicate's number finds the survivor, and everything under both is one history"() {
        given: 'the same woman registered twice, at two hospitals, with data under each number'
        String pass = passport()
        String kept = ecprOf(register(patient('Fatima', 'Omar', '1966-06-06', 'female')))
        String duplicate = ecprOf(register(patient('Fatima', 'Omar', '1966-06-06', 'female', [[system: PASSPORT, value: pass]])))
        putMedication(kept, "kept-${kept}", medicationStatement(kept) + subject(kept))
        putMedication(duplicate, "dup-${duplicate}", medicationStatement(duplicate, 'C07AB02', 'Metoprolol 50 mg') + subject(duplicate))

        when:
        Http.Response merged = Http.send('POST', "/api/ecpr/${duplicate}/merge", token(system()), [into: kept])

        then:
        kept != duplicate
        merged.status == 200
        medicineCard(kept).matches.size() == 2
        medicineCard(duplicate).matches.size() == 2
        Http.get("/fhir/Patient/${duplicate}", token(professional())).json.id == kept
        Http.get("/fhir/Patient?identifier=${Http.enc(PASSPORT + '|' + pass)}", token(professional())).matches*.id == [kept]
        Http.get("/api/ecpr/${duplicate}/links", SUPPORT).json*.action == ['merge']

        and: 'a merge is done once, and never into itself'
        Http.send('POST', "/api/ecpr/${duplicate}/merge", token(system()), [into: kept]).status == 409
        Http.send('POST', "/api/ecpr/${kept}/merge", token(system()), [into: kept]).status == 400
        Http.send('POST', "/api/ecpr/${kept}/merge", token(citizen(newCpr())), [into: duplicate]).status == 403
    }
}
