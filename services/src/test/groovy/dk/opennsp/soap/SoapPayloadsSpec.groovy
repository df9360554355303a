package dk.opennsp.soap

import dk.opennsp.security.dgws.DgwsException
import spock.lang.Specification

import javax.xml.XMLConstants
import javax.xml.transform.stream.StreamSource
import javax.xml.validation.Schema
import javax.xml.validation.SchemaFactory
import java.util.concurrent.Executors

/** Payload validation reuses one validator per thread: a refusal must not leak into the next request, nor an acceptance. */
class SoapPayloadsSpec extends Specification {
    static final String XSD = '''<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns:t="urn:t" elementFormDefault="qualified">
        <xs:element name="Ping"><xs:complexType><xs:sequence><xs:element name="n" type="xs:int"/></xs:sequence></xs:complexType></xs:element>
    </xs:schema>'''
    static final Schema SCHEMA = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(new StreamSource(new StringReader(XSD)))

    static boolean accepted(String n) {
        try {
            SoapPayloads.read(new StreamSource(new StringReader("<t:Ping xmlns:t='urn:t'><t:n>${n}</t:n></t:Ping>")), SCHEMA, 'urn:t', ['Ping'] as Set, 'test')
            true
        } catch (DgwsException e) {
            assert e.message.contains('does not follow the test schema')
            false
        }
    }

    def "valid and invalid payloads alternate on one thread and each is judged on its own"() {
        expect:
        ['1', 'x', '2', '', '3', '4.5', '5'].collect { accepted(it) } == [true, false, true, false, true, false, true]
    }

    def "many threads judging at once get the same answers"() {
        given:
        def pool = Executors.newFixedThreadPool(4)

        when:
        def answers = (1..400).collect { i -> pool.submit({ accepted(i % 2 ? "${i}" : "bad${i}") } as java.util.concurrent.Callable) }*.get()

        then:
        answers == (1..400).collect { it % 2 == 1 }

        cleanup:
        pool.shutdown()
    }
}
