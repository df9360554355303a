package dk.opennsp.it

import dk.opennsp.services.dev.DevData
import dk.opennsp.sor.SorCode
import dk.opennsp.sor.SorTree
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import spock.lang.Shared

import java.time.Instant
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger

import static dk.opennsp.support.TestKeys.*

/** SOR over FHIR and the admin REST API: lookups, maintenance with versions, region rules, validation, sync. */
class SorSpec extends AppSpec {
    static final AtomicInteger ITEMS = new AtomicInteger(60000 + (int) (System.nanoTime() % 20000))
    static final String SOR = 'urn:oid:1.2.208.176.1.1'

    @Shared String hovedstaden = token(sorAdmin('1084'))
    @Shared String midtjylland = token(sorAdmin('1082'))
    @Shared String reader = token(professional())

    static Map<String, Object> sorAdmin(String region) {
        [user_type: 'sor_admin', region_code: region, given_name: 'Test', family_name: "Admin ${region}".toString()]
    }

    static String newCode() {
        SorCode.danish(ITEMS.incrementAndGet())
    }

    static Map unit(String parent, Map extra = [:]) {
        [sorCode: newCode(), parentSorCode: parent, name: "Testafsnit ${ITEMS.get()}".toString(), unitType: 'Afsnit',
         fromDate: '2026-01-01'] + extra
    }

    static Http.Response create(String admin, Map body) {
        Http.send('POST', '/api/sor/units', admin, body)
    }

    static Http.Response put(String admin, String code, Map body, String etag) {
        Http.send('PUT', "/api/sor/units/${code}", admin, body, etag == null ? [:] : ['If-Match': etag])
    }

    static Http.Response post(String admin, String path, Map body, String etag) {
        Http.send('POST', path, admin, body, etag == null ? [:] : ['If-Match': etag])
    }

    def 'a hospital is read as a FHIR Organization with its identifiers, parent and address'() {
        when:
        def r = Http.get("/fhir/Organization/${DevData.RIGSHOSPITALET}", reader)

        then:
        r.status == 200
        r.header('ETag') ==~ /W\/"\d+"/
        r.json.resourceType == 'Organization'
        r.json.identifier.find { it.system == SOR }.value == DevData.RIGSHOSPITALET
        r.json.identifier.find { it.system == 'urn:oid:1.2.208.176.1.6' }.value == '1301'
        r.json.identifier.find { it.system == 'https://www.gs1.org/gln' }.value ==~ /579\d{10}/
        r.json.name == 'Rigshospitalet'
        r.json.active == true
        r.json.partOf.reference == "Organization/${DevData.REGION_HOVEDSTADEN}"
        r.json.partOf.display == 'Region Hovedstaden'
        r.json.address.find { it.type == 'postal' }.line == ['Hospitalsvej 1']
    }

    def 'a department without an address of its own shows its hospital address, marked as inherited'() {
        when:
        def r = Http.get("/fhir/Organization/${DevData.RH_CARDIOLOGY}", reader)

        then:
        r.status == 200
        def postal = r.json.address.find { it.type == 'postal' }
        postal.line == ['Hospitalsvej 1']
        postal.extension[0].valueReference.reference == "Organization/${DevData.RIGSHOSPITALET}"
        r.json.extension.find { it.url.endsWith('sor-speciality') }.valueString == 'kardiologi'
        r.json.extension.find { it.url.endsWith('sor-organisational-level') }.valueCoding.code == '3'
    }

    def 'search by identifier, by name (case-insensitive) and by partof, with paging'() {
        expect:
        Http.get("/fhir/Organization?identifier=${Http.enc(SOR + '|' + DevData.AUH)}", reader).matches*.name == ['Aarhus Universitetshospital']
        Http.get("/fhir/Organization?name=rigshosp&_count=100", reader).json.total >= 21
        Http.get("/fhir/Organization?partof=Organization/${DevData.RIGSHOSPITALET}", reader).json.total >= 10

        when:
        def first = Http.get("/fhir/Organization?partof=${DevData.RIGSHOSPITALET}&_count=3", reader)
        def next = first.json.link.find { it.relation == 'next' }.url
        def second = Http.get(next.substring(next.indexOf('/fhir/')), reader)

        then:
        first.matches.size() == 3
        second.matches.size() == 3
        (first.matches*.id).intersect(second.matches*.id).isEmpty()
    }

    def 'lookups refuse what they cannot answer: #description'() {
        expect:
        Http.get(path, description == 'no token' ? null : reader).status == status

        where:
        description               | path                                                      | status
        'unknown SOR code'        | "/fhir/Organization/${SorCode.danish(99999)}"            | 404
        'not a SOR code'          | '/fhir/Organization/12345'                                | 404
        'no search criteria'      | '/fhir/Organization'                                      | 400
        'unknown search param'    | '/fhir/Organization?city=Aarhus'                          | 400
        'partof not a SOR code'   | '/fhir/Organization?partof=Organization/123'              | 400
        'identifier other system' | "/fhir/Organization?identifier=${Http.enc('urn:x|1')}"    | 400
        'bad _since'              | '/fhir/Organization/_history?_since=yesterday'            | 400
        '_count too large'        | '/fhir/Organization/_history?_count=100000'               | 400
        'forged cursor'           | '/fhir/Organization/_history?_cursor=abc'                 | 400
        'no token'                | "/fhir/Organization/${DevData.AUH}"                       | 401
    }

    def 'dev mode holds hundreds of entities: the five regions with hospitals, departments, GPs and municipalities'() {
        when:
        def r = Http.get('/api/sor/export', reader)
        def lines = r.text.readLines().collect { new groovy.json.JsonSlurper().parseText(it) }

        then:
        r.status == 200
        r.header('Content-Type').startsWith('application/x-ndjson')
        lines.size() >= 500
        r.header('X-Total-Count') == "${lines.size()}"
        lines.count { it.ownerType == 'REGION' && it.entityType == 'INSTITUTION_OWNER' } == 5
        lines.count { it.ownerType == 'MUNICIPALITY' && it.entityType == 'INSTITUTION_OWNER' } >= 20
        lines.count { it.unitType == 'Almen praksis' && it.ydernummer } >= 40
        lines.every { SorCode.isValid(it.sorCode) }
    }

    def 'a region admin creates, updates and reads the history of a unit; every change is versioned and attributed'() {
        given:
        Map body = unit(DevData.RH_CARDIOLOGY, [shakCode: "13${ITEMS.get()}".toString(), specialities: ['kardiologi'],
                                                 eanLocationNumber: '5790001234560'])

        when:
        def created = create(hovedstaden, body)

        then:
        created.status == 201
        created.header('ETag') == 'W/"1"'
        created.header('Location') == "/api/sor/units/${body.sorCode}"
        created.json.regionCode == '1084'
        created.json.postalAddress.inheritedFrom == DevData.RIGSHOSPITALET
        Http.get("/fhir/Organization/${body.sorCode}", reader).json.name == body.name

        when:
        def updated = put(hovedstaden, body.sorCode, body + [name: 'Hjerteafsnit 2'], 'W/"1"')

        then:
        updated.status == 200
        updated.header('ETag') == 'W/"2"'
        updated.json.name == 'Hjerteafsnit 2'
        Http.get("/fhir/Organization/${body.sorCode}", reader).json.name == 'Hjerteafsnit 2'

        when:
        def history = Http.get("/api/sor/units/${body.sorCode}/history", reader).json

        then:
        history*.version == [1, 2]
        history*.changeType == ['CREATE', 'UPDATE']
        history[1].changedBy.contains('Admin 1084')
        history[1].changes == [name: [from: body.name, to: 'Hjerteafsnit 2']]
    }

    def 'a stale or missing version never overwrites: 412 and 428'() {
        given:
        Map body = unit(DevData.RH_EMERGENCY)
        create(hovedstaden, body)
        put(hovedstaden, body.sorCode, body + [name: 'First edit'], '"1"')

        expect:
        put(hovedstaden, body.sorCode, body + [name: 'Stale edit'], 'W/"1"').status == 412
        put(hovedstaden, body.sorCode, body + [name: 'Blind edit'], null).status == 428
        put(hovedstaden, body.sorCode, body + [name: 'Garbage'], 'version one').status == 400
        Http.get("/api/sor/units/${body.sorCode}", reader).json.name == 'First edit'
    }

    def 'two administrators editing the same version at once: exactly one wins'() {
        given:
        Map body = unit(DevData.RH_EMERGENCY)
        create(hovedstaden, body)
        def pool = Executors.newFixedThreadPool(4)

        when:
        def statuses = pool.invokeAll((1..4).collect { i ->
            { -> put(hovedstaden, body.sorCode, body + [name: "Edit ${i}".toString()], 'W/"1"').status } as Callable<Integer>
        })*.get()

        then:
        statuses.count { it == 200 } == 1
        statuses.count { it == 412 } == 3
        Http.get("/api/sor/units/${body.sorCode}/history", reader).json*.version == [1, 2]

        cleanup:
        pool.shutdown()
    }

    def "another region's unit is refused with 403 and the attempt is recorded for the owning region"() {
        given:
        def before = Instant.now()
        def auhUnit = Http.get("/api/sor/units/${DevData.AUH_ENDOCRINOLOGY}", reader)

        when:
        def update = put(hovedstaden, DevData.AUH_ENDOCRINOLOGY, [name: 'Taken over'], auhUnit.header('ETag'))
        def createUnder = create(hovedstaden, unit(DevData.AUH))
        def refusals = Http.get('/api/sor/refusals', midtjylland).json.findAll { Instant.parse(it.attemptedAt) >= before }

        then:
        update.status == 403
        update.json.issue[0].diagnostics.contains('belongs to region 1082')
        createUnder.status == 403
        Http.get("/api/sor/units/${DevData.AUH_ENDOCRINOLOGY}", reader).json.name == auhUnit.json.name
        refusals*.operation.containsAll(['UPDATE', 'CREATE'])
        refusals.every { it.callerRegion == '1084' && it.ownerRegion == '1082' && it.attemptedBy.contains('Admin 1084') }
        Http.get('/api/sor/refusals', hovedstaden).json.every { it.ownerRegion == '1084' }
    }

    def 'only region administrators maintain SOR: #who gets #status'() {
        expect:
        create(token(claims), unit(DevData.RH_EMERGENCY)).status == status

        where:
        who                             | claims                 | status
        'a professional'                | professional()         | 403
        'a citizen'                     | citizen('0101901111')  | 403
        'a system'                      | system()               | 403
        'an admin without region_code'  | sorAdmin(null)         | 401
    }

    def 'invalid changes get clear errors: #description'() {
        given:
        Map taken = unit(DevData.RH_CARDIOLOGY, [shakCode: 'DUP' + (ITEMS.get() % 1000)])
        assert create(hovedstaden, taken).status == 201

        when:
        def r = create(hovedstaden, change(taken))

        then:
        r.status == status
        r.json.issue[0].diagnostics.contains(message)

        where:
        description                  | change                                                                          | status | message
        'malformed SOR code'         | { t -> unit(DevData.RH_CARDIOLOGY, [sorCode: '12345']) }                        | 400    | 'exactly 15 digits'
        'wrong check digit'          | { t -> unit(DevData.RH_CARDIOLOGY, [sorCode: '440081000016007']) }              | 400    | 'check digit'
        'unknown parent'             | { t -> unit(SorCode.danish(99998)) }                                            | 422    | 'Unknown parent'
        'toDate before fromDate'     | { t -> unit(DevData.RH_CARDIOLOGY, [toDate: '2025-01-01']) }                    | 422    | 'before fromDate'
        'duplicate SHAK code'        | { t -> unit(DevData.RH_CARDIOLOGY, [shakCode: t.shakCode]) }                     | 409    | 'SHAK code'
        'duplicate SOR code'         | { t -> unit(DevData.RH_CARDIOLOGY, [sorCode: t.sorCode]) }                       | 409    | 'already exists'
        'unit directly under owner'  | { t -> unit(DevData.REGION_HOVEDSTADEN) }                                        | 422    | 'cannot be placed under'
        'other region in the body'   | { t -> unit(DevData.RH_CARDIOLOGY, [regionCode: '1082']) }                       | 422    | 'region'
        'bad EAN check digit'        | { t -> unit(DevData.RH_CARDIOLOGY, [eanLocationNumber: '5790001234567']) }       | 400    | 'GS1 check digit'
        'bad date'                   | { t -> unit(DevData.RH_CARDIOLOGY, [fromDate: '1/1/2026']) }                     | 400    | 'fromDate'
        'missing name'               | { t -> unit(DevData.RH_CARDIOLOGY, [name: ' ']) }                                | 400    | 'name is required'
        'owner type as entity type'  | { t -> unit(DevData.RH_CARDIOLOGY, [entityType: 'INSTITUTION_OWNER']) }         | 400    | 'entityType'
        'bad postal code'            | { t -> unit(DevData.RH_CARDIOLOGY, [postalAddress: [postalCode: 'DK-2100']]) }  | 400    | 'postalCode'
    }

    def "an update cannot change a unit's owner region or parent"() {
        given:
        Map body = unit(DevData.RH_CARDIOLOGY)
        create(hovedstaden, body)

        expect:
        put(hovedstaden, body.sorCode, body + [regionCode: '1082'], 'W/"1"').status == 422
        put(hovedstaden, body.sorCode, body + [parentSorCode: DevData.RH_EMERGENCY], 'W/"1"').status == 422
    }

    def 'move: the tree and isWithin follow at once; a cycle or a move to another region is refused'() {
        given:
        SorTree tree = TestApp.context().getBean(SorTree)
        Map parent = unit(DevData.RH_CARDIOLOGY)
        Map child = unit(parent.sorCode)
        create(hovedstaden, parent)
        create(hovedstaden, child)

        expect:
        tree.isWithin(child.sorCode, DevData.RIGSHOSPITALET)
        tree.isWithin(child.sorCode, DevData.REGION_HOVEDSTADEN)
        !tree.isWithin(child.sorCode, DevData.AUH)
        !tree.isWithin(DevData.RIGSHOSPITALET, child.sorCode)

        when: 'a unit is moved under its own sub-unit'
        def cycle = post(hovedstaden, "/api/sor/units/${parent.sorCode}/move", [parentSorCode: child.sorCode], 'W/"1"')

        then:
        cycle.status == 422
        cycle.json.issue[0].diagnostics.contains('cycle')

        when: 'it is moved to another region'
        def away = post(hovedstaden, "/api/sor/units/${parent.sorCode}/move", [parentSorCode: DevData.AUH_ENDOCRINOLOGY], 'W/"1"')

        then:
        away.status == 422
        away.json.issue[0].diagnostics.contains('owner region')

        when: 'it is moved to the emergency department'
        def moved = post(hovedstaden, "/api/sor/units/${parent.sorCode}/move", [parentSorCode: DevData.RH_EMERGENCY], 'W/"1"')

        then:
        moved.status == 200
        moved.header('ETag') == 'W/"2"'
        tree.isWithin(child.sorCode, DevData.RH_EMERGENCY)
        !tree.isWithin(child.sorCode, DevData.RH_CARDIOLOGY)
        Http.get("/fhir/Organization?partof=${DevData.RH_EMERGENCY}&_count=1000", reader).matches*.id.contains(parent.sorCode)
        Http.get("/api/sor/units/${parent.sorCode}/history", reader).json[1].changes.parentSorCode ==
                [from: DevData.RH_CARDIOLOGY, to: DevData.RH_EMERGENCY]
    }

    def 'close: not while sub-units stay open; afterwards inactive, and readable as of an earlier date'() {
        given:
        Map parent = unit(DevData.RH_CARDIOLOGY, [fromDate: '2024-01-01'])
        Map child = unit(parent.sorCode, [fromDate: '2024-01-01'])
        create(hovedstaden, parent)
        create(hovedstaden, child)

        when:
        def refused = post(hovedstaden, "/api/sor/units/${parent.sorCode}/close", [toDate: '2026-06-30'], 'W/"1"')

        then:
        refused.status == 422
        refused.json.issue[0].diagnostics.contains('open sub-unit')

        when:
        def childClosed = post(hovedstaden, "/api/sor/units/${child.sorCode}/close", [toDate: '2026-06-30'], 'W/"1"')
        def parentClosed = post(hovedstaden, "/api/sor/units/${parent.sorCode}/close",
                [toDate: '2026-06-30', replacedBySorCode: DevData.RH_CARDIOLOGY], 'W/"1"')

        then:
        childClosed.status == 200
        parentClosed.status == 200
        parentClosed.json.toDate == '2026-06-30'
        parentClosed.json.active == false
        parentClosed.json.replacedBySorCode == DevData.RH_CARDIOLOGY
        Http.get("/fhir/Organization/${parent.sorCode}", reader).json.active == false
        post(hovedstaden, "/api/sor/units/${parent.sorCode}/close", [:], 'W/"2"').status == 409
        post(hovedstaden, "/api/sor/units/${child.sorCode}/close", [toDate: '2023-12-31'], 'W/"2"').status in [409, 422]

        and: 'as of a date before the closing the unit was open; after it, it was not'
        Http.get("/api/sor/units/${parent.sorCode}?asOf=2026-06-30", reader).status == 200
        Http.get("/api/sor/units/${parent.sorCode}?asOf=2026-07-01", reader).status == 404
        Http.get("/api/sor/units/${parent.sorCode}?asOf=2023-12-31", reader).status == 404
        Http.get("/api/sor/units/${parent.sorCode}?asOf=soon", reader).status == 400
    }

    def 'delta sync: _history and the NDJSON export return exactly what changed since a point in time, paged'() {
        given:
        Map a = unit(DevData.RH_CARDIOLOGY)
        Map b = unit(DevData.RH_CARDIOLOGY)
        create(hovedstaden, a)
        String since = Http.get("/api/sor/units/${a.sorCode}", reader).json.lastModified
        create(hovedstaden, b)
        put(hovedstaden, a.sorCode, a + [name: 'Renamed for delta'], 'W/"1"')

        when:
        def history = Http.get("/fhir/Organization/_history?_since=${Http.enc(since)}", reader)
        def ndjson = Http.get("/api/sor/export?since=${Http.enc(since)}", reader).text.readLines()
                .collect { new groovy.json.JsonSlurper().parseText(it) }

        then:
        history.json.type == 'history'
        history.json.entry*.resource*.id.containsAll([a.sorCode, b.sorCode])
        history.json.entry.find { it.resource.id == a.sorCode }.request.method == 'PUT'
        history.json.entry.find { it.resource.id == b.sorCode }.request.method == 'POST'
        history.json.entry.every { Instant.parse(it.response.lastModified) >= Instant.parse(since) }
        ndjson*.sorCode.containsAll([a.sorCode, b.sorCode])
        ndjson.find { it.sorCode == a.sorCode }.name == 'Renamed for delta'
        !ndjson*.sorCode.contains(DevData.RIGSHOSPITALET)

        when: 'paged one entry at a time'
        List ids = []
        String url = "/fhir/Organization/_history?_since=${Http.enc(since)}&_count=1"
        while (url) {
            def page = Http.get(url, reader).json
            ids.addAll(page.entry*.resource*.id)
            def next = page.link?.find { it.relation == 'next' }?.url
            url = next ? next.substring(next.indexOf('/fhir/')) : null
        }

        then:
        ids == history.json.entry*.resource*.id
    }
}
