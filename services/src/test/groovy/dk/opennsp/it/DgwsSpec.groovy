package dk.opennsp.it

import dk.opennsp.security.dgws.IdCardValidator
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import dk.opennsp.support.TestSts
import groovy.xml.XmlSlurper

import javax.xml.XMLConstants
import javax.xml.crypto.dsig.SignatureMethod
import javax.xml.parsers.DocumentBuilderFactory
import javax.xml.transform.dom.DOMSource
import javax.xml.validation.SchemaFactory
import java.time.Instant
import java.time.temporal.ChronoUnit

import dk.opennsp.security.dgws.DgwsAuthenticator

import static dk.opennsp.support.TestKeys.*
import static dk.opennsp.support.TestSts.*

/** DGWS over SOAP: ID-card validation, the defences, faults and FMK GetMedicineCard on the shared access path. */
class DgwsSpec extends AppSpec {
    /** The official TEST1 STS sample, copied into the test resources (see reference/README.md). */
    static final String STS_SAMPLE = '/reference/dgws/sts-response-test1.xml'
    /** The official FMK 1.4.6 response schema, as the service itself carries it. */
    static final String FMK_RESPONSE_XSD = '/wsdl/fmk/2015/06/01/GetMedicineCardResponse.xsd'

    static Http.Response block(String cpr, Map body) {
        Http.send('POST', '/api/citizen/blockings', token(citizen(cpr)), body)
    }

    /** The real TEST1 card's assertion, namespaces declared on it, re-timed to now and with its signature removed. */
    static String referenceCardUnsigned() {
        String xml = DgwsSpec.getResource(STS_SAMPLE).getText('UTF-8')
        String assertion = xml.substring(xml.indexOf('<saml:Assertion'), xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length())
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS)
        assertion.replaceFirst('(?s)<ds:Signature id="OCESSignature">.*</ds:Signature>\\s*', '')
                .replace('<saml:Assertion ', '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ')
                .replace('IssueInstant="2020-04-01T13:37:48Z"', "IssueInstant=\"${now.minusSeconds(60)}\"")
                .replace('NotBefore="2020-04-01T13:37:48Z"', "NotBefore=\"${now.minusSeconds(60)}\"")
                .replace('NotOnOrAfter="2020-04-02T13:37:48Z"', "NotOnOrAfter=\"${now.plus(23, ChronoUnit.HOURS)}\"")
    }

    def "a card of exactly the real STS's shape (id=IDCard, SAML1-style confirmation, RSA-SHA1), signed by a trusted key, is accepted"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "ref-${cpr}")
        String card = TestSts.TRUSTED.sign(referenceCardUnsigned(), SignatureMethod.RSA_SHA1)

        when:
        Http.Response r = post(request(cpr, card, [:]))

        then:
        r.status == 200
        parse(r).atcCodes == ['N02BE01']

        and: 'the log names the card user (Lars Larsen, J0184) and the care provider by CVR'
        Map entry = citizenLog(cpr).json.entries[0]
        entry.who.name == 'Lars Larsen'
        entry.system == 'SOSITEST'
    }

    def "GetMedicineCard answers with a schema-valid FMK 1.4.6 response and a medcom:Header linked to the request"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "a-${cpr}")
        putMedication(cpr, "b-${cpr}", medicationStatement(cpr, 'C07AB02', 'Metoprolol 50 mg', [effectivePeriod: [start: '1995-05-01'], dosage: []]))
        String request = request(cpr)
        String messageId = new XmlSlurper(false, true).parseText(request).declareNamespace(medcom: 'http://www.medcom.dk/dgws/2006/04/dgws-1.0.xsd')
                .'**'.find { it.name() == 'MessageID' }.text()

        when:
        Http.Response r = post(request)

        then:
        r.status == 200
        r.header('Content-Type').startsWith('text/xml')
        parse(r).atcCodes.sort() == ['C07AB02', 'N02BE01']
        validatesAgainstOfficialSchema(r.text)

        and:
        def medcom = parse(r).medcom
        medcom.Linking.InResponseToMessageID.text() == messageId
        medcom.Linking.MessageID.text() && medcom.Linking.MessageID.text() != messageId
        medcom.FlowStatus.text() == 'flow_finalized_succesfully'
    }

    def "SOAP and FHIR share one lookup: same items, same blocking, one log entry per access"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "one-${cpr}", medicationStatement(cpr), '123456789012301')
        putMedication(cpr, "two-${cpr}", medicationStatement(cpr, 'C07AB02', 'Metoprolol'), '100301000016009')

        expect: 'the same items over both token models'
        post(request(cpr)).with { parse(it).atcCodes.sort() } == readCard(cpr).matches.collect { it.medicationCodeableConcept.coding[0].code }.sort()

        and: 'exactly two accesses logged, identical apart from the token model'
        List entries = citizenLog(cpr).json.entries
        entries.size() == 2
        entries[0].who == entries[1].who
        entries[0].organisation == entries[1].organisation
        entries[0].activity == entries[1].activity

        when: 'a data-specific blocking filters the SOAP answer and says so'
        assert block(cpr, [kind: 'DATA_FROM_ORGANISATION', target: '100301000016009']).status == 201
        Http.Response filtered = post(request(cpr))

        then:
        parse(filtered).atcCodes == ['N02BE01']
        parse(filtered).notice == 'withheld'

        when: 'a general blocking of the professional suppresses everything, and nothing is logged'
        assert block(cpr, [kind: 'PROFESSIONAL', target: 'T0001']).status == 201
        Http.Response suppressed = post(request(cpr))

        then:
        suppressed.status == 200
        parse(suppressed).atcCodes.isEmpty()
        parse(suppressed).notice == 'suppressed'
        validatesAgainstOfficialSchema(suppressed.text)
        citizenLog(cpr).json.total == 3

        when: 'HSUID ConsentOverride (værdispring) with its kind and reason bypasses the blocking and is logged as such'
        Http.Response override = post(request(cpr, card(), hsuid(cpr, ['nsi:ConsentOverride': 'true',
                (DgwsAuthenticator.OVERRIDE_KIND): 'emergency', (DgwsAuthenticator.OVERRIDE_REASON): 'Bevidstløs patient'])))

        then:
        parse(override).atcCodes.sort() == ['C07AB02', 'N02BE01']
        citizenLog(cpr).json.entries[0].addition == 'Værdispring'
        citizenLog(cpr).json.entries[0].reason == 'Bevidstløs patient'

        when: 'the flag alone (no kind, no reason) is no value leap'
        Http.Response bare = post(request(cpr, card(), hsuid(cpr, ['nsi:ConsentOverride': 'true'])))

        then:
        parse(bare).faultCode == 'syntax_error'
    }

    def "a reused card skips the signature check; a one-byte change to a cached card is still rejected"() {
        given:
        IdCardValidator validator = TestApp.context().getBean(IdCardValidator)
        String cpr = newCpr()
        String card = card()
        long before = validator.fullValidations()

        when:
        3.times { assert post(request(cpr, card)).status == 200 }

        then:
        validator.fullValidations() == before + 1

        when: 'one character of the signed content changes'
        Http.Response tampered = post(request(cpr, card.replaceFirst('>Doctor<', '>Dostor<')))

        then:
        tampered.status == 500
        parse(tampered).faultCode == 'invalid_signature'
        validator.fullValidations() == before + 2
    }

    def "ID cards that must be refused: #problem"() {
        given:
        String cpr = newCpr()

        when:
        Http.Response r = post(xml.call(cpr))

        then:
        r.status == 500
        parse(r).faultCode == code
        parse(r).soapFaultCode == 'soap:Client'
        !r.text.contains('Exception')

        where:
        problem                                  | code                    | xml
        'unsigned'                               | 'invalid_signature'     | { c -> request(c, card().replaceFirst('(?s)<ds:Signature.*</ds:Signature>', '')) }
        'one attribute changed'                  | 'invalid_signature'     | { c -> request(c, card().replace('>T0001<', '>T0002<')) }
        'signature value altered'                | 'invalid_signature'     | { c -> request(c, card().replaceFirst('<ds:SignatureValue>(.)', '<ds:SignatureValue>$1A')) }
        'signed by an untrusted issuer'          | 'invalid_certificate'   | { c -> request(c, card([:], TestSts.UNTRUSTED)) }
        'signer certificate expired'             | 'invalid_certificate'   | { c -> request(c, card([:], EXPIRED_CERT)) }
        'signer key of 1024 bits'                | 'invalid_certificate'   | { c -> request(c, card([:], WEAK_KEY)) }
        'expired card'                           | 'expired_idcard'        | { c -> request(c, card(user(), Instant.now().minus(2, ChronoUnit.DAYS), Instant.now().minus(1, ChronoUnit.DAYS))) }
        'card not valid yet'                     | 'invalid_idcard'        | { c -> request(c, card(user(), Instant.now().plus(1, ChronoUnit.HOURS), Instant.now().plus(25, ChronoUnit.HOURS))) }
        'system card (level 3) for a level-4 op' | 'security_level_failed' | { c -> request(c, TRUSTED.issue(dk.opennsp.security.dgws.IdCardIssuer.CardSubject.system('EPJ', '12345678', 'medcom:cvrnumber', 'H'), Instant.now().minusSeconds(60)), [:], 3) }
        'header level above the card level'      | 'security_level_failed' | { c -> request(c, card(level: 3), [:], 4) }
        'wrong IDCardVersion'                    | 'invalid_idcard'        | { c -> request(c, TRUSTED.sign(stripSignature(card()).replace('>1.0.1<', '>1.0.0<'), SignatureMethod.RSA_SHA256)) }
        'NameID names another person'            | 'invalid_idcard'        | { c -> request(c, TRUSTED.sign(stripSignature(card()).replace('Format="medcom:cprnumber">0101701111<', 'Format="medcom:cprnumber">0202020202<'), SignatureMethod.RSA_SHA256)) }
        'no Issuer'                              | 'invalid_idcard'        | { c -> request(c, TRUSTED.sign(stripSignature(card()).replaceFirst('<saml:Issuer>[^<]*</saml:Issuer>', ''), SignatureMethod.RSA_SHA256)) }
        'user card without CPR'                  | 'invalid_idcard'        | { c -> request(c, TRUSTED.sign(stripSignature(card()).replaceFirst('<saml:Attribute Name="medcom:UserCivilRegistrationNumber">.*?</saml:Attribute>', ''), SignatureMethod.RSA_SHA256)) }
        'HSUID acting user is someone else'      | 'not_authorized'        | { c -> request(c, card(), hsuid(c, ['nsi:ActingUserCivilRegistrationNumber': '0202020202'])) }
        'HSUID names another citizen'            | 'not_authorized'        | { c -> request(c, card(), hsuid('0303030303')) }
    }

    def "signature wrapping is refused: #problem"() {
        given:
        String cpr = newCpr()

        when:
        Http.Response r = post(xml.call(cpr))

        then:
        r.status == 500
        parse(r).faultCode == code

        where:
        problem                                          | code                | xml
        'a second assertion in wsse:Security'            | 'invalid_idcard'    | { c -> request(c, card() + card(cpr: '0202020202')) }
        'a valid card beside a forged one in the body'   | 'invalid_idcard'    | { c -> request(c, forged(card())).replace('<soapenv:Body>', '<soapenv:Body>' + card()) }
        'a forged card with the valid one in a header'   | 'invalid_idcard'    | { c -> request(c, forged(card())).replace('</soapenv:Header>', "<x:Wrapper xmlns:x=\"urn:x\">${card()}</x:Wrapper></soapenv:Header>") }
        'the card id moved (signature points elsewhere)' | 'invalid_signature' | { c -> request(c, card().replaceFirst('id="IDCard"', 'id="Other"').replace('<saml:Subject>', '<saml:Subject id="IDCard">')) }
        'a duplicated id'                                | 'invalid_idcard'    | { c -> request(c, card().replace('<saml:Subject>', '<saml:Subject id="IDCard">')) }
        'the signature covers another element'           | 'invalid_signature' | { c -> request(c, signOver('#IDCardData')) }
        'the card outside wsse:Security'                 | 'invalid_idcard'    | { c -> request(c, '').replace('</soapenv:Header>', "<x:Other xmlns:x=\"urn:x\">${card()}</x:Other></soapenv:Header>") }
    }

    def "hostile or malformed messages are refused with a DGWS fault: #problem"() {
        when:
        Http.Response r = post(xml.call(newCpr()))

        then:
        r.status == status
        parse(r).faultCode == code
        !r.text.contains('root:') && !r.text.contains('Exception')

        where:
        problem                        | status | code                      | xml
        'DTD with entity expansion'    | 500    | 'syntax_error'            | { c -> '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>' + request(c).replace('RUTINE', '&lol2;') }
        'external entity'              | 500    | 'syntax_error'            | { c -> '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + request(c).replace('RUTINE', '&xxe;') }
        'over the size limit'          | 413    | 'syntax_error'            | { c -> request(c).replace('</soapenv:Body>', '<!--' + ('x' * 600_000) + '--></soapenv:Body>') }
        'missing wsse:Security'        | 500    | 'missing_required_header' | { c -> request(c).replaceFirst('(?s)<wsse:Security>.*</wsse:Security>', '') }
        'missing medcom:Header'        | 500    | 'missing_required_header' | { c -> request(c).replaceFirst('(?s)<medcom:Header>.*</medcom:Header>', '') }
        'missing MessageID'            | 500    | 'syntax_error'            | { c -> request(c).replaceFirst('<medcom:MessageID>[^<]*</medcom:MessageID>', '') }
        'not well-formed'              | 500    | 'syntax_error'            | { c -> request(c).replace('</soapenv:Body>', '') }
        'SOAP 1.2 envelope'            | 500    | 'syntax_error'            | { c -> request(c).replace('http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope') }
        'body not per the FMK schema'  | 500    | 'syntax_error'            | { c -> request(c).replace('<IncludePrescriptions>false</IncludePrescriptions>', '') }
        'CPR that is not 10 digits'    | 500    | 'syntax_error'            | { c -> request(c).replace(">${c}</PersonIdentifier>", '>12345</PersonIdentifier>') }
        'not UTF-8'                    | 500    | 'syntax_error'            | { c -> new String(request(c).getBytes('UTF-8'), 'ISO-8859-1') + '\u00ff' }
        'unknown mustUnderstand header' | 500   | 'syntax_error'            | { c -> request(c).replace('<soapenv:Header>', '<soapenv:Header><x:Foo xmlns:x="urn:x" soapenv:mustUnderstand="1">x</x:Foo>') }
        'mustUnderstand="true" too'    | 500    | 'syntax_error'            | { c -> request(c).replace('<soapenv:Header>', '<soapenv:Header><x:Foo xmlns:x="urn:x" soapenv:mustUnderstand="true"/>') }
    }

    def "a header the service need not understand is ignored, and the body is read as sent"() {
        given:
        String cpr = newCpr()
        putMedication(cpr, "optional-header-${cpr}")
        String xml = request(cpr).replace('<soapenv:Header>',
                '<soapenv:Header><x:Trace xmlns:x="urn:x" soapenv:mustUnderstand="0"><x:Id>42</x:Id></x:Trace>')

        when:
        Http.Response r = post(xml)

        then:
        r.status == 200
        parse(r).atcCodes == ['N02BE01']
        validatesAgainstOfficialSchema(r.text)
        parse(r).medcom.FlowStatus.text() == 'flow_finalized_succesfully'
    }

    def "only POST is allowed; ?wsdl and ?xsd describe the service without an ID card"() {
        expect:
        Http.get('/soap/fmk').with { status == 500 && parse(it).faultCode == 'illegal_http_method' }
        Http.send('PUT', '/soap/fmk', null, '<x/>', ['Content-Type': 'text/xml']).with { parse(it).faultCode == 'illegal_http_method' }

        when:
        Http.Response wsdl = Http.get('/soap/fmk?wsdl')
        def definitions = new XmlSlurper().parseText(wsdl.text)
        String xsd = wsdl.text.find(/schemaLocation="[^"]*\?xsd=([^"]*)"/) { all, loc -> loc }

        then:
        wsdl.status == 200
        definitions.service.@name == 'MedicineCardService'
        definitions.binding.operation.@name == 'GetMedicineCard'
        Http.get("/soap/fmk?xsd=${xsd}").text.contains('GetMedicineCardRequest.xsd')
        Http.get('/soap/nowhere?wsdl').status == 404
    }

    def "the WSDL names the address the client called, also behind a load balancer"() {
        when:
        def direct = Http.get('/soap/fmk?wsdl')
        def forwarded = Http.get('/soap/fmk?wsdl', null, ['X-Forwarded-Host': 'nsp.example.dk', 'X-Forwarded-Proto': 'https'])

        then:
        direct.text.contains("location=\"${TestApp.url()}/soap/fmk\"")
        forwarded.text.contains('location="https://nsp.example.dk/soap/fmk"')
        !forwarded.text.contains('localhost:8080')
    }

    def "dev mode issues demo ID cards and complete requests that work as printed"() {
        when:
        Http.Response envelope = Http.get("/dev/dgws/get-medicine-card?identity=doctor-karl&cpr=0101901111")
        Http.Response r = post(envelope.text)

        then:
        envelope.status == 200
        r.status == 200
        parse(r).atcCodes.size() == 3
        Http.get('/dev/idcard?identity=doctor-karl').text.contains('id="IDCard"')
        Http.get('/dev/idcard?identity=citizen-nancy').status == 400
    }

    static String stripSignature(String card) {
        card.replaceFirst('(?s)<ds:Signature.*</ds:Signature>', '')
    }

    /** A card whose attributes were edited after signing: what an attacker would wrap around a valid one. */
    static String forged(String card) {
        card.replace('>T0001<', '>T9999<')
    }

    /** A correctly signed card whose single reference points at an element other than the assertion. */
    static String signOver(String uri) {
        String unsignedCard = stripSignature(card())
        def doc = DocumentBuilderFactory.newInstance().with { namespaceAware = true; it }.newDocumentBuilder()
                .parse(new ByteArrayInputStream(unsignedCard.getBytes('UTF-8')))
        def assertion = doc.documentElement
        def fac = javax.xml.crypto.dsig.XMLSignatureFactory.getInstance('DOM')
        def ref = fac.newReference(uri, fac.newDigestMethod(javax.xml.crypto.dsig.DigestMethod.SHA256, null),
                [fac.newTransform(javax.xml.crypto.dsig.Transform.ENVELOPED, (javax.xml.crypto.dsig.spec.TransformParameterSpec) null)], null, null)
        def si = fac.newSignedInfo(fac.newCanonicalizationMethod(javax.xml.crypto.dsig.CanonicalizationMethod.EXCLUSIVE,
                (javax.xml.crypto.dsig.spec.C14NMethodParameterSpec) null), fac.newSignatureMethod(SignatureMethod.RSA_SHA256, null), [ref])
        def ctx = new javax.xml.crypto.dsig.dom.DOMSignContext(STS_KEYS.private, assertion)
        ctx.defaultNamespacePrefix = 'ds'
        def statement = assertion.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'AttributeStatement').item(0)
        ctx.setIdAttributeNS(statement, null, 'id')
        def kif = fac.keyInfoFactory
        fac.newXMLSignature(si, kif.newKeyInfo([kif.newX509Data([TRUSTED_CERT()])])).sign(ctx)
        def out = new StringWriter()
        def t = javax.xml.transform.TransformerFactory.newInstance().newTransformer()
        t.setOutputProperty(javax.xml.transform.OutputKeys.OMIT_XML_DECLARATION, 'yes')
        t.transform(new DOMSource(assertion), new javax.xml.transform.stream.StreamResult(out))
        out.toString()
    }

    static java.security.cert.X509Certificate TRUSTED_CERT() {
        TestSts.TRUSTED_CERTIFICATE
    }

    static boolean validatesAgainstOfficialSchema(String soapResponse) {
        def factory = DocumentBuilderFactory.newInstance()
        factory.namespaceAware = true
        def doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(soapResponse.getBytes('UTF-8')))
        def response = doc.getElementsByTagNameNS(FMK_NS, 'GetMedicineCardResponse').item(0)
        assert response != null
        def schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(DgwsSpec.getResource(FMK_RESPONSE_XSD))
        schema.newValidator().validate(new DOMSource(response))
        true
    }
}
