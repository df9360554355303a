package dk.opennsp.security.dgws

import spock.lang.Specification

/** The scan's header handling: what the SOAP binding is given after the headers were dealt with here. */
class SoapEnvelopeScannerSpec extends Specification {
    static final String CARD = '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" id="IDCard"><saml:Issuer>x</saml:Issuer></saml:Assertion>'
    static final String BODY = '<fmk:GetMedicineCardRequest xmlns:fmk="urn:fmk"><fmk:PersonIdentifier>0101901111</fmk:PersonIdentifier></fmk:GetMedicineCardRequest>'

    static String message(String extraHeader = '') {
        DgwsRequestWriter.envelope(CARD, 4, [:], BODY).replace('<soapenv:Header>', '<soapenv:Header>' + extraHeader)
    }

    def "the envelope without its header keeps the Envelope's own start tag and the body exactly as sent"() {
        given:
        String xml = message()

        when:
        DgwsEnvelope envelope = SoapEnvelopeScanner.scan(xml)

        then:
        !envelope.withoutHeader().contains('Header')
        !envelope.withoutHeader().contains('Assertion')
        envelope.withoutHeader() == xml.substring(0, xml.indexOf('<soapenv:Header>')) + xml.substring(xml.indexOf('</soapenv:Header>') + '</soapenv:Header>'.length())
        envelope.withoutHeader().contains(BODY)
        envelope.withoutHeader().startsWith(xml.substring(0, xml.indexOf('>') + 1))
        envelope.operation() == 'GetMedicineCardRequest'
    }

    def "a header the receiver must understand and does not is refused: #value"() {
        when:
        SoapEnvelopeScanner.scan(message("<x:Foo xmlns:x=\"urn:x\" soapenv:mustUnderstand=\"${value}\"/>"))

        then:
        DgwsException e = thrown()
        e.code() == FaultCode.SYNTAX_ERROR
        e.message.contains('{urn:x}Foo')

        where:
        value << ['1', 'true']
    }

    def "an optional header (#value) is accepted and cut out with the rest"() {
        when:
        DgwsEnvelope envelope = SoapEnvelopeScanner.scan(message("<x:Foo xmlns:x=\"urn:x\"${value}><x:Bar/></x:Foo>"))

        then:
        !envelope.withoutHeader().contains('urn:x')

        where:
        value << ['', ' soapenv:mustUnderstand="0"', ' soapenv:mustUnderstand="false"', ' mustUnderstand="1"']
    }

    def "the DGWS headers themselves may be marked mustUnderstand"() {
        when:
        DgwsEnvelope envelope = SoapEnvelopeScanner.scan(message()
                .replace('<wsse:Security>', '<wsse:Security soapenv:mustUnderstand="1">')
                .replace('<medcom:Header>', '<medcom:Header soapenv:mustUnderstand="1">'))

        then:
        envelope.card() != null
        envelope.medcom() != null
    }
}
