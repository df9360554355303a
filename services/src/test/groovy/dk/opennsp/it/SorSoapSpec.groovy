package dk.opennsp.it

import dk.opennsp.security.dgws.DgwsRequestWriter
import dk.opennsp.services.dev.DevData
import dk.opennsp.sor.SorCode
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestSts
import groovy.xml.XmlSlurper

import javax.xml.XMLConstants
import javax.xml.transform.stream.StreamSource
import javax.xml.validation.SchemaFactory
import java.time.Instant

import static dk.opennsp.support.TestKeys.token

/** SOR over DGWS: sorls lookups with a system card, sorus maintenance by the region's own cards. */
class SorSoapSpec extends AppSpec {
    static final String NS = 'urn:opennsp:sor:1.0'
    /** Region Hovedstaden's and Region Sjælland's (invented) CVR numbers in the dev SOR tree */
    static final String HOVEDSTADEN_CVR = '99190001'
    static final String SJAELLAND_CVR = '99190002'

    static String systemCard(String cvr, String name = 'Region system') {
        TestSts.systemCard('SOR-klient', cvr, name)
    }

    static Http.Response call(String path, String body, String card = systemCard('12345678'), int level = 3,
                              Map<String, String> hsuid = [:]) {
        Http.send('POST', "/soap/${path}", null, DgwsRequestWriter.envelope(card, level, hsuid, body),
                ['Content-Type': 'text/xml; charset=utf-8'])
    }

    static def body(Http.Response r) {
        new XmlSlurper(false, true).parseText(r.text).declareNamespace(soap: 'http://schemas.xmlsoap.org/soap/envelope/')
                .'soap:Body'.children()[0]
    }

    static String faultCode(Http.Response r) {
        TestSts.parse(r).faultCode
    }

    static String getEntity(String code, String asOf = null) {
        "<sor:GetSorEntityRequest xmlns:sor=\"${NS}\"><sor:SorIdentifier>${code}</sor:SorIdentifier>" +
                (asOf ? "<sor:AsOfDate>${asOf}</sor:AsOfDate>" : '') + '</sor:GetSorEntityRequest>'
    }

    static String create(String code, String parent, String name) {
        "<sor:CreateSorUnitRequest xmlns:sor=\"${NS}\"><sor:SorIdentifier>${code}</sor:SorIdentifier>" +
                "<sor:ParentSorIdentifier>${parent}</sor:ParentSorIdentifier><sor:Unit><sor:Name>${name}</sor:Name>" +
                '<sor:UnitType>Afsnit</sor:UnitType><sor:Speciality>kardiologi</sor:Speciality>' +
                '<sor:PostalAddress><sor:Street>Blegdamsvej 9</sor:Street><sor:PostalCode>2100</sor:PostalCode>' +
                '<sor:City>København Ø</sor:City></sor:PostalAddress><sor:FromDate>2026-01-01</sor:FromDate></sor:Unit>' +
                '</sor:CreateSorUnitRequest>'
    }

    static String update(String code, long version, String name) {
        "<sor:UpdateSorUnitRequest xmlns:sor=\"${NS}\"><sor:SorIdentifier>${code}</sor:SorIdentifier>" +
                "<sor:Version>${version}</sor:Version><sor:Unit><sor:Name>${name}</sor:Name>" +
                '<sor:FromDate>2026-01-01</sor:FromDate></sor:Unit></sor:UpdateSorUnitRequest>'
    }

    def 'GetSorEntity returns the entity, valid per the published schema, to any system card'() {
        when:
        def r = call('sorls', getEntity(DevData.RH_CARDIOLOGY))
        def entity = body(r).SorEntity

        then:
        r.status == 200
        valid(r)
        entity.SorIdentifier.text() == DevData.RH_CARDIOLOGY
        entity.Name.text() == 'Hjertemedicinsk Klinik, Rigshospitalet'
        entity.ParentSorIdentifier.text() == DevData.RIGSHOSPITALET
        entity.PostalAddress.InheritedFromSorIdentifier.text() == DevData.RIGSHOSPITALET
        entity.Active.text() == 'true'
    }

    def 'GetSorEntity as of a date: before the entity existed it is refused'() {
        expect:
        call('sorls', getEntity(DevData.RIGSHOSPITALET, '2021-06-01')).status == 200
        faultCode(call('sorls', getEntity(DevData.RIGSHOSPITALET, '2019-12-31'))) == 'syntax_error'
    }

    def 'SorShakMap and ShakSorMap map both ways; an unknown SHAK code maps to nothing'() {
        when:
        def sorShak = body(call('sorls', "<sor:SorShakMapRequest xmlns:sor=\"${NS}\"><sor:SorIdentifier>${DevData.RIGSHOSPITALET}</sor:SorIdentifier></sor:SorShakMapRequest>"))
        def shakSor = call('sorls', "<sor:ShakSorMapRequest xmlns:sor=\"${NS}\"><sor:ShakIdentifier>1301</sor:ShakIdentifier></sor:ShakSorMapRequest>")
        def unknown = body(call('sorls', "<sor:ShakSorMapRequest xmlns:sor=\"${NS}\"><sor:ShakIdentifier>ZZZZ9</sor:ShakIdentifier></sor:ShakSorMapRequest>"))

        then:
        sorShak.ShakIdentifier.text() == '1301'
        valid(shakSor)
        body(shakSor).SorIdentifier.text() == DevData.RIGSHOSPITALET
        unknown.SorIdentifier.size() == 0
    }

    def 'lookups refuse bad input with DGWS faults: #description'() {
        expect:
        faultCode(call('sorls', request)) == code

        where:
        description          | request                                                                                         | code
        'wrong check digit'  | getEntity('440081000016007')                                                                    | 'syntax_error'
        'unknown entity'     | getEntity(SorCode.danish(99997))                                                                | 'syntax_error'
        'not 15 digits'      | getEntity('12345')                                                                              | 'syntax_error'
        'date with a zone'   | getEntity(DevData.AUH, '2026-01-01+01:00')                                                      | 'syntax_error'
        'unknown operation'  | "<sor:DeleteEverything xmlns:sor=\"${NS}\"/>"                                                   | 'syntax_error'
        'foreign namespace'  | '<GetSorEntityRequest xmlns="urn:other"><SorIdentifier>1</SorIdentifier></GetSorEntityRequest>'| 'syntax_error'
    }

    def 'sorls and sorus publish their WSDL'() {
        expect:
        Http.get('/soap/sorls?wsdl').text.contains('GetSorEntity')
        Http.get('/soap/sorus?wsdl').text.contains('CloseSorUnit')
    }

    def "the region's system card creates, updates, moves and closes its units; the change shows over FHIR"() {
        given:
        String card = systemCard(HOVEDSTADEN_CVR, 'Region Hovedstaden')
        String code = SorCode.danish(SorSpec.ITEMS.incrementAndGet())

        when:
        def created = call('sorus', create(code, DevData.RH_CARDIOLOGY, 'SOAP-afsnit'), card)

        then:
        created.status == 200
        valid(created)
        body(created).SorEntity.Version.text() == '1'
        body(created).SorEntity.RegionCode.text() == '1084'
        Http.get("/fhir/Organization/${code}", token(dk.opennsp.support.TestKeys.professional())).json.name == 'SOAP-afsnit'

        when:
        def updated = call('sorus', update(code, 1, 'SOAP-afsnit 2'), card)
        def stale = call('sorus', update(code, 1, 'Stale'), card)
        def moved = call('sorus', "<sor:MoveSorUnitRequest xmlns:sor=\"${NS}\"><sor:SorIdentifier>${code}</sor:SorIdentifier>" +
                "<sor:Version>2</sor:Version><sor:ParentSorIdentifier>${DevData.RH_EMERGENCY}</sor:ParentSorIdentifier></sor:MoveSorUnitRequest>", card)
        def closed = call('sorus', "<sor:CloseSorUnitRequest xmlns:sor=\"${NS}\"><sor:SorIdentifier>${code}</sor:SorIdentifier>" +
                "<sor:Version>3</sor:Version><sor:ToDate>2026-06-30</sor:ToDate></sor:CloseSorUnitRequest>", card)

        then:
        body(updated).SorEntity.Name.text() == 'SOAP-afsnit 2'
        faultCode(stale) == 'syntax_error'
        TestSts.parse(stale).root.'soap:Body'.'soap:Fault'.faultstring.text().contains('has changed')
        body(moved).SorEntity.ParentSorIdentifier.text() == DevData.RH_EMERGENCY
        body(closed).SorEntity.ToDate.text() == '2026-06-30'
        body(closed).SorEntity.Active.text() == 'false'
        Http.get("/api/sor/units/${code}/history", token(dk.opennsp.support.TestKeys.professional())).json*.changeType ==
                ['CREATE', 'UPDATE', 'MOVE', 'CLOSE']
    }

    def 'a user card of a region employee (level 4) may maintain its region too'() {
        given:
        String card = TestSts.card(provider: HOVEDSTADEN_CVR, providerName: 'Region Hovedstaden')

        expect:
        call('sorus', create(SorCode.danish(SorSpec.ITEMS.incrementAndGet()), DevData.RH_CARDIOLOGY, 'Afsnit via MOCES'), card, 4).status == 200
    }

    def "sorus refuses other cards with not_authorized: #description"() {
        expect:
        faultCode(call('sorus', create(SorCode.danish(SorSpec.ITEMS.incrementAndGet()), DevData.RH_CARDIOLOGY, 'Nope'),
                card, level, hsuid)) == 'not_authorized'

        where:
        description                        | card                                                                     | level | hsuid
        'another region'                   | systemCard(SJAELLAND_CVR)                                                | 3     | [:]
        'a hospital, not a region'         | systemCard('12345678')                                                   | 3     | [:]
        'acting on behalf of someone'      | TestSts.card(provider: HOVEDSTADEN_CVR)                                  | 4     | ['nsi:ResponsibleUserCivilRegistrationNumber': '0202020202']
    }

    def "another region's card is refused and the attempt recorded for the owning region"() {
        given:
        def before = Instant.now()
        def adminToken = token([user_type: 'sor_admin', region_code: '1084'])

        when:
        def r = call('sorus', update(DevData.RH_CARDIOLOGY, 1, 'Taken over'), systemCard(SJAELLAND_CVR, 'Region Sjælland'))
        def refusals = Http.get('/api/sor/refusals', adminToken).json.findAll { Instant.parse(it.attemptedAt) >= before }

        then:
        faultCode(r) == 'not_authorized'
        refusals.any { it.sorCode == DevData.RH_CARDIOLOGY && it.callerRegion == '1085' && it.operation == 'UPDATE' }
    }

    def 'a system card cannot be used where a lower level is claimed in the header'() {
        expect:
        faultCode(call('sorls', getEntity(DevData.AUH), systemCard('12345678'), 4)) == 'security_level_failed'
    }

    private static boolean valid(Http.Response r) {
        TestSts.payloadValid(r, '/wsdl/sor/opennsp-sor-1.0.xsd')
    }
}
