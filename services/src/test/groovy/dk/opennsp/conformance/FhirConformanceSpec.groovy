package dk.opennsp.conformance

import ca.uhn.fhir.rest.api.EncodingEnum
import ca.uhn.fhir.rest.client.api.IClientInterceptor
import ca.uhn.fhir.rest.client.api.IGenericClient
import ca.uhn.fhir.rest.client.api.IHttpRequest
import ca.uhn.fhir.rest.client.api.IHttpResponse
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor
import ca.uhn.fhir.rest.gclient.ReferenceClientParam
import ca.uhn.fhir.rest.gclient.TokenClientParam
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import org.hl7.fhir.r4.model.Bundle
import org.hl7.fhir.r4.model.CapabilityStatement
import org.hl7.fhir.r4.model.Organization
import org.hl7.fhir.r4.model.Resource
import org.hl7.fhir.r4.model.StructureDefinition
import spock.lang.Shared

import static dk.opennsp.support.TestKeys.citizen
import static dk.opennsp.support.TestKeys.professional
import static dk.opennsp.support.TestKeys.token

/**
 * FHIR the way off-the-shelf clients speak it: HAPI's IGenericClient against the running server, every
 * response checked by HAPI's validator (R4 core + the server's own extension definitions), JSON and XML.
 */
class FhirConformanceSpec extends AppSpec {
    static final String CPR_SYSTEM = 'urn:oid:1.2.208.176.1.2'
    static final List<String> TYPES = ['MedicationStatement', 'Appointment', 'Condition']

    @Shared FhirValidation validation
    @Shared String cpr

    def setupSpec() {
        cpr = newCpr()
        3.times { n ->
            assert putMedication(cpr, "conf-ms-${cpr}-${n}", medicationStatement(cpr, 'N02BE01', "Paracetamol ${n}")).status == 201
            assert putResource('Appointment', "conf-ap-${cpr}-${n}", appointment(cpr, [description: "Kontrol ${n}"])).status == 201
            assert putResource('Condition', "conf-co-${cpr}-${n}", condition(cpr, [note: [[text: "Note ${n}"]]])).status == 201
        }
        List<StructureDefinition> own = Http.get('/fhir/metadata').json.rest[0].resource
                .find { it.type == 'StructureDefinition' }.documentation.findAll(~/http:\/\/opennsp\.dk\/fhir\/StructureDefinition\/[a-z-]+/)
                .collect { String url -> Http.get("/fhir/StructureDefinition/${url.substring(url.lastIndexOf('/') + 1)}") }
                .collect { Http.Response r -> assert r.status == 200; validationContext().newJsonParser().parseResource(StructureDefinition, r.text) }
        validation = new FhirValidation(own)
    }

    private static ca.uhn.fhir.context.FhirContext validationContext() {
        ca.uhn.fhir.context.FhirContext.forR4Cached()
    }

    static int loggedAccesses(String patient) {
        (citizenLog(patient).json.entries ?: []).size()
    }

    static String searchPath(String type, String patient) {
        "/fhir/${type}?patient.identifier=${Http.enc(CPR_SYSTEM + '|' + patient)}"
    }

    /** A HAPI client with a professional's token that records every response body it receives. */
    IGenericClient client(EncodingEnum encoding, List<String> bodies) {
        validation.context.restfulClientFactory.socketTimeout = 30_000
        IGenericClient client = validation.context.newRestfulGenericClient(TestApp.url() + '/fhir')
        client.encoding = encoding
        client.registerInterceptor(new BearerTokenAuthInterceptor(token(professional())))
        client.registerInterceptor(new IClientInterceptor() {
            void interceptRequest(IHttpRequest request) {
            }

            void interceptResponse(IHttpResponse response) throws IOException {
                response.bufferEntity()
                bodies << response.readEntity().getText('UTF-8')
            }
        })
        client
    }

    def "HAPI's client reads the CapabilityStatement, pages through all three searches, reads and vreads by the links it got, and syncs Organization history (#encoding)"() {
        given:
        List<String> bodies = []
        IGenericClient client = client(encoding, bodies)
        List<String> readUrls = []

        when:
        CapabilityStatement cs = client.capabilities().ofType(CapabilityStatement).execute()
        Map<String, Integer> found = [:]
        TYPES.each { type ->
            Bundle page = client.search().forResource(type)
                    .where(new ReferenceClientParam('patient').hasChainedProperty(
                            new TokenClientParam('identifier').exactly().systemAndCode(CPR_SYSTEM, cpr)))
                    .count(2).returnBundle(Bundle).execute()
            int pages = 1
            List<Bundle.BundleEntryComponent> entries = new ArrayList<>(page.entry)
            while (page.getLink('next') != null) {
                page = client.loadPage().next(page).execute()
                entries.addAll(page.entry)
                pages++
            }
            found[type] = entries.size()
            assert pages == 2
            entries.each { e ->
                Resource read = client.read().resource(type).withUrl(e.fullUrl).execute() as Resource
                assert read.getIdElement().getIdPart() == e.getResource().getIdElement().getIdPart()
                Resource vread = client.read().resource(type).withUrl(e.fullUrl + "/_history/" + read.getMeta().getVersionId()).execute() as Resource
                assert vread.getMeta().getVersionId() == read.getMeta().getVersionId()
                readUrls << e.fullUrl
            }
        }
        Bundle history = client.history().onType(Organization).returnBundle(Bundle)
                .since(new Date(System.currentTimeMillis() - 24 * 3600_000L)).count(200).execute()
        Bundle historyNext = history.getLink('next') ? client.loadPage().next(history).execute() : null

        then:
        cs.fhirVersion.toCode() == '4.0.1'
        found == [MedicationStatement: 3, Appointment: 3, Condition: 3]
        readUrls.every { it.startsWith(TestApp.url() + '/fhir/') }
        !history.entry.isEmpty()
        historyNext == null || !historyNext.entry.isEmpty()

        and: 'every response the client received is valid FHIR'
        bodies.size() >= 1 + 3 * 2 + 9 * 2 + 1
        bodies.every { (encoding == EncodingEnum.XML) == it.startsWith('<') }
        bodies.collectMany { validation.errors(it) } == []

        where:
        encoding << [EncodingEnum.JSON, EncodingEnum.XML]
    }

    def "every kind of response validates, errors and withheld data included (#format)"() {
        given: 'a second citizen who blocked the test professional'
        String blocker = newCpr()
        assert putMedication(blocker, "conf-blocked-${blocker}").status == 201
        String blockedId = Http.get(searchPath('MedicationStatement', blocker), token(professional())).matches[0].id
        assert Http.send('POST', '/api/citizen/blockings', token(citizen(blocker)), [kind: 'PROFESSIONAL', target: 'T0001']).status == 201
        String doctor = token(professional())
        String first = Http.get(searchPath('Condition', cpr), doctor).matches[0].id

        when:
        Map<String, Http.Response> responses = [
                metadata        : Http.get("/fhir/metadata?_format=${format}"),
                definition      : Http.get("/fhir/StructureDefinition/sor-period?_format=${format}"),
                withheld        : Http.get(searchPath('MedicationStatement', blocker) + "&_format=${format}", doctor),
                summaryCount    : Http.get(searchPath('Appointment', cpr) + "&_summary=count&_format=${format}", doctor),
                read            : Http.get("/fhir/Condition/${first}?_format=${format}", doctor),
                organization    : Http.get("/fhir/Organization?name=a&_count=3&_format=${format}", doctor),
                blockedRead     : Http.get("/fhir/MedicationStatement/${blockedId}?_format=${format}", doctor),
                notFound        : Http.get("/fhir/Condition/no-such-id?_format=${format}", doctor),
                badParameter    : Http.get(searchPath('Condition', cpr) + "&color=blue&_format=${format}", doctor),
                unauthenticated : Http.get(searchPath('Condition', cpr) + "&_format=${format}"),
        ]

        then:
        responses.withheld.status == 200
        responses.blockedRead.status == 403
        responses.notFound.status == 404
        responses.badParameter.status == 400
        responses.unauthenticated.status == 401
        responses.collectEntries { name, r -> [name, r.header('Content-Type')] }
                .every { it.value.startsWith("application/fhir+${format}") }
        responses.collectEntries { name, r -> [name, validation.errors(r.text)] }.findAll { it.value } == [:]

        where:
        format << ['json', 'xml']
    }

    def "the validator this spec trusts does find errors"() {
        expect:
        validation.errors('{"resourceType":"MedicationStatement"}').size() >= 2
        validation.errors('{"resourceType":"Organization","extension":[{"url":"http://opennsp.dk/fhir/StructureDefinition/sor-region-code","valueInteger":7}]}')
    }

    def "#accept#format answers in #expected on searches, reads, metadata and errors"() {
        given:
        String doctor = token(professional())
        String id = Http.get(searchPath('Condition', cpr), doctor).matches[0].id
        Map<String, String> headers = accept ? [Accept: accept] : [:]
        String query = format ? "_format=${Http.enc(format)}" : ''

        when:
        List<Http.Response> responses = [
                Http.get(searchPath('Condition', cpr) + (query ? '&' + query : ''), doctor, headers),
                Http.get("/fhir/Condition/${id}" + (query ? '?' + query : ''), doctor, headers),
                Http.get('/fhir/metadata' + (query ? '?' + query : ''), null, headers),
                Http.get('/fhir/Condition/unknown' + (query ? '?' + query : ''), doctor, headers)]

        then:
        responses*.status == [200, 200, 200, 404]
        responses.every { it.header('Content-Type').startsWith("application/fhir+${expected}") }
        responses.every { expected == 'xml' ? it.text.startsWith('<') : it.text.startsWith('{') }

        where:
        accept                                        | format                 | expected
        'application/fhir+json'                       | null                   | 'json'
        'application/json'                            | null                   | 'json'
        'application/json+fhir'                       | null                   | 'json'
        '*/*'                                         | null                   | 'json'
        null                                          | null                   | 'json'
        null                                          | 'json'                 | 'json'
        'application/fhir+xml'                        | 'application/json'     | 'json'
        'application/fhir+xml'                        | null                   | 'xml'
        'application/xml'                             | null                   | 'xml'
        'text/html, application/fhir+xml;q=0.9'       | null                   | 'xml'
        'application/fhir+json;q=0.5, application/fhir+xml' | null             | 'xml'
        null                                          | 'xml'                  | 'xml'
        'application/fhir+json'                       | 'application/fhir+xml' | 'xml'
    }

    def "a client that accepts neither JSON nor XML gets 406 (#accept #format)"() {
        when:
        Http.Response r = Http.get(searchPath('Condition', cpr) + (format ? "&_format=${format}" : ''), token(professional()),
                accept ? [Accept: accept] : [:])

        then:
        r.status == 406
        r.json.resourceType == 'OperationOutcome'

        where:
        accept      | format
        'text/html' | null
        null        | 'html'
        null        | 'turtle'
    }

    def "a producer writes in XML, and an XML body cannot pull in external entities"() {
        given:
        String patient = newCpr()
        String xml = """<MedicationStatement xmlns="http://hl7.org/fhir"><status value="active"/>
            <medicationCodeableConcept><coding><system value="http://www.whocc.no/atc"/><code value="N02BE01"/>
            <display value="Paracetamol"/></coding><text value="Paracetamol"/></medicationCodeableConcept>
            <subject><identifier><system value="urn:oid:1.2.208.176.1.2"/><value value="${patient}"/></identifier></subject>
            </MedicationStatement>"""
        String evil = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' +
                '<MedicationStatement xmlns="http://hl7.org/fhir"><status value="active"/><note><text value="&e;"/></note></MedicationStatement>'
        String system = token(dk.opennsp.support.TestKeys.system(org_id: '123456789012399'))

        when:
        Http.Response created = Http.send('PUT', "/fhir/MedicationStatement?identifier=${Http.enc('urn:oid:1.2.208.176.1.5.1|xml-' + patient)}",
                system, xml, ['Content-Type': 'application/fhir+xml', Accept: 'application/fhir+xml'])
        Http.Response attack = Http.send('PUT', "/fhir/MedicationStatement?identifier=${Http.enc('urn:oid:1.2.208.176.1.5.1|xxe-' + patient)}",
                system, evil, ['Content-Type': 'application/fhir+xml'])

        then:
        created.status == 201
        created.header('Content-Type').startsWith('application/fhir+xml')
        created.text.contains('<status value="active"/>')
        attack.status == 400
        !attack.text.contains('root:')
    }

    def "read and vread go through the guard: logged like a search, blocked is a 403 that explains, unknown is a 404"() {
        given:
        String patient = newCpr()
        Http.Response written = putMedication(patient, "read-${patient}")
        String id = written.json.id
        String doctor = token(professional())
        int logged = loggedAccesses(patient)

        when:
        Http.Response read = Http.get("/fhir/MedicationStatement/${id}", doctor)
        Http.Response vread = Http.get("/fhir/MedicationStatement/${id}/_history/1", doctor)
        Http.Response ownRead = Http.get("/fhir/MedicationStatement/${id}", token(citizen(patient)))
        Http.Response strangerRead = Http.get("/fhir/MedicationStatement/${id}", token(citizen(newCpr())))
        Http.Response oldVersion = Http.get("/fhir/MedicationStatement/${id}/_history/7", doctor)
        Http.Response unknown = Http.get("/fhir/MedicationStatement/does-not-exist", doctor)
        Http.Response badId = Http.get("/fhir/MedicationStatement/${'x' * 65}", doctor)

        then:
        read.status == 200
        read.json.id == id
        read.header('ETag') == 'W/"1"'
        vread.status == 200
        ownRead.status == 200
        strangerRead.status == 403
        oldVersion.status == 404
        oldVersion.json.issue[0].diagnostics.contains('not kept')
        unknown.status == 404
        badId.status == 400
        loggedAccesses(patient) == logged + 3

        when: 'the citizen blocks the professional'
        assert Http.send('POST', '/api/citizen/blockings', token(citizen(patient)), [kind: 'PROFESSIONAL', target: 'T0001']).status == 201
        Http.Response blocked = Http.get("/fhir/MedicationStatement/${id}", doctor)
        Http.Response consented = Http.get("/fhir/MedicationStatement/${id}", doctor,
                ['X-Consent-Override': 'consent', 'X-Consent-Override-Reason': 'Patienten giver samtykke'])

        then:
        blocked.status == 403
        blocked.json.issue[0].code == 'suppressed'
        blocked.json.issue[0].diagnostics.contains('blocked')
        !blocked.text.contains('Paracetamol')
        consented.status == 200
    }

    def "update by id changes an existing item; the id must match and the item must exist"() {
        given:
        String patient = newCpr()
        Map ms = putMedication(patient, "upd-${patient}").json
        String system = token(dk.opennsp.support.TestKeys.system(org_id: '123456789012399'))
        Map changed = medicationStatement(patient, 'N02BE01', 'Paracetamol 1 g') + [id: ms.id]

        when:
        Http.Response updated = Http.send('PUT', "/fhir/MedicationStatement/${ms.id}", system, changed, ['Content-Type': 'application/fhir+json'])
        Http.Response mismatch = Http.send('PUT', "/fhir/MedicationStatement/${ms.id}", system, changed + [id: 'other'], ['Content-Type': 'application/fhir+json'])
        Http.Response missing = Http.send('PUT', '/fhir/MedicationStatement/no-such-item', system, changed + [id: 'no-such-item'], ['Content-Type': 'application/fhir+json'])
        Http.Response asCitizen = Http.send('PUT', "/fhir/MedicationStatement/${ms.id}", token(citizen(patient)), changed, ['Content-Type': 'application/fhir+json'])

        then:
        updated.status == 200
        updated.header('ETag') == 'W/"2"'
        updated.json.identifier[0].value == "upd-${patient}"
        mismatch.status == 400
        missing.status == 404
        asCitizen.status == 403
    }

    def "patient searches take the standard parameters: #what"() {
        when:
        Http.Response r = request(cpr)

        then:
        r.status == 200
        check(r.json)

        where:
        what                              | request                                                                                                                           | check
        'patient:Patient.identifier'      | { String c -> Http.get("/fhir/Condition?patient:Patient.identifier=${Http.enc(CPR_SYSTEM + '|' + c)}", token(professional())) } | { Map b -> b.total == 3 }
        'patient=Patient?identifier='     | { String c -> Http.get("/fhir/Condition?patient=${Http.enc('Patient?identifier=' + CPR_SYSTEM + '|' + c)}", token(professional())) } | { Map b -> b.total == 3 }
        '_summary=count'                  | { String c -> Http.get(searchPath('Condition', c) + '&_summary=count', token(professional())) }                                  | { Map b -> b.total == 3 && !b.entry }
        '_count=0'                        | { String c -> Http.get(searchPath('Condition', c) + '&_count=0', token(professional())) }                                        | { Map b -> b.total == 3 && !b.entry }
        '_elements=status'                | { String c -> Http.get(searchPath('MedicationStatement', c) + '&_elements=status', token(professional())) }                      | { Map b -> b.entry.every { it.resource.status == 'active' && !it.resource.medicationCodeableConcept && it.resource.meta.tag.any { t -> t.code == 'SUBSETTED' } } }
        '_summary=true'                   | { String c -> Http.get(searchPath('MedicationStatement', c) + '&_summary=true', token(professional())) }                         | { Map b -> b.entry.size() == 3 && b.entry.every { !it.resource.dosage } }
        'POST _search with a form'        | { String c -> Http.send('POST', '/fhir/Appointment/_search', token(professional()), "patient.identifier=${Http.enc(CPR_SYSTEM + '|' + c)}&_count=2".toString(), ['Content-Type': 'application/x-www-form-urlencoded']) } | { Map b -> b.total == 3 && b.entry.size() == 2 && b.link.find { it.relation == 'next' }.url.contains('_offset=2') }
        '_offset past the end'            | { String c -> Http.get(searchPath('Condition', c) + '&_offset=10', token(professional())) }                                      | { Map b -> b.total == 3 && !b.entry && !b.link.find { it.relation == 'next' } }
    }

    def "search input that still fails: #what"() {
        when:
        Http.Response r = Http.get(path, token(professional()))

        then:
        r.status == 400
        r.json.resourceType == 'OperationOutcome'
        r.json.issue[0].diagnostics.contains(message)

        where:
        what                    | path                                                                           | message
        'unknown parameter'     | searchPath('Condition', '0101010101') + '&color=blue'                          | 'color'
        'patient twice'         | searchPath('Condition', '0101010101') + "&patient:Patient.identifier=${Http.enc(CPR_SYSTEM + '|0101010101')}" | 'once'
        'patient by id'         | '/fhir/Condition?patient=Patient/123'                                          | 'CPR'
        'bad _summary'          | searchPath('Condition', '0101010101') + '&_summary=text'                       | '_summary'
        'bad _elements'         | searchPath('Condition', '0101010101') + '&_elements=a.b'                       | '_elements'
        '_count too large'      | searchPath('Condition', '0101010101') + '&_count=5000'                         | '_count'
        '_summary=count on read'| '/fhir/Condition/abc?_summary=count'                                           | 'searches'
    }

    def "Organization: vread, POST _search, and _since with a raw '+' offset as HAPI's client sends it"() {
        given:
        String doctor = token(professional())
        Map org = Http.get('/fhir/Organization?name=a&_count=1', doctor).matches[0]

        when:
        Http.Response vread = Http.get("/fhir/Organization/${org.id}/_history/${org.meta.versionId}", doctor)
        Http.Response old = Http.get("/fhir/Organization/${org.id}/_history/999", doctor)
        Http.Response posted = Http.send('POST', '/fhir/Organization/_search', doctor, "name=a&_count=1",
                ['Content-Type': 'application/x-www-form-urlencoded'])
        Http.Response since = Http.get('/fhir/Organization/_history?_since=2020-01-01T00:00:00+01:00&_count=1', doctor)

        then:
        vread.status == 200
        old.status == 404
        posted.status == 200
        posted.json.entry.size() == 1
        since.status == 200
        since.json.link.find { it.relation == 'self' }
    }
}
