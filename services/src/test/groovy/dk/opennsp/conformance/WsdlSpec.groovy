package dk.opennsp.conformance

import dk.opennsp.security.dgws.DgwsNamespaces
import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import org.w3c.dom.Document
import org.w3c.dom.Element
import org.xml.sax.SAXException
import spock.lang.Shared

import javax.wsdl.Binding
import javax.wsdl.BindingOperation
import javax.wsdl.Definition
import javax.wsdl.extensions.soap.SOAPHeader
import javax.wsdl.factory.WSDLFactory
import javax.wsdl.xml.WSDLReader
import javax.xml.XMLConstants
import javax.xml.namespace.QName
import javax.xml.parsers.DocumentBuilderFactory
import javax.xml.transform.dom.DOMSource
import javax.xml.transform.stream.StreamSource
import javax.xml.validation.Schema
import javax.xml.validation.SchemaFactory

import static dk.opennsp.support.TestSts.*

/**
 * The WSDLs as a client generator reads them: every operation declares the DGWS headers a request must
 * carry (wsse:Security, medcom:Header) and the medcom:Header every answer carries, and the schemas the
 * WSDL links to (over ?xsd=, as served) accept the headers the platform really sends and receives.
 */
class WsdlSpec extends AppSpec {
    static final List<String> SERVICES = ['fmk', 'appointments', 'diagnoses', 'consent', 'sorls', 'sorus', 'minlog2-registration', 'ecpr']
    static final QName SECURITY = new QName(DgwsNamespaces.WSSE, 'Security')
    static final QName MEDCOM_HEADER = new QName(DgwsNamespaces.MEDCOM, 'Header')

    @Shared Map<String, Definition> definitions = [:]

    def setupSpec() {
        WSDLReader reader = WSDLFactory.newInstance().newWSDLReader()
        reader.setFeature('javax.wsdl.verbose', false)
        SERVICES.each { definitions[it] = reader.readWSDL("${TestApp.url()}/soap/${it}?wsdl") }
    }

    /** The element each soap:header of a binding's input or output names. */
    static List<QName> headerElements(Definition definition, List extensibilityElements) {
        extensibilityElements.findAll { it instanceof SOAPHeader }.collect { SOAPHeader h ->
            definition.getMessage(h.message).getPart(h.part).elementName
        }
    }

    def "every operation of every service declares wsse:Security and medcom:Header in, medcom:Header out"() {
        expect:
        Definition definition = definitions[service]
        Collection<Binding> bindings = definition.allBindings.values()
        bindings.size() == 1
        List<BindingOperation> operations = bindings[0].bindingOperations
        !operations.isEmpty()
        operations.every { op ->
            headerElements(definition, op.bindingInput.extensibilityElements) == [SECURITY, MEDCOM_HEADER] &&
                    headerElements(definition, op.bindingOutput.extensibilityElements) == [MEDCOM_HEADER]
        }

        where:
        service << SERVICES
    }

    /** The header schemas exactly as a generator fetches them: the ?xsd= links the served WSDL gives. */
    Schema servedHeaderSchemas(String service) {
        String wsdl = Http.get("/soap/${service}?wsdl").text
        List<String> links = (wsdl =~ /schemaLocation="([^"]*\?xsd=[^"]*dgws\/[^"]*)"/).collect { it[1] }
        assert links.size() == 2
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(links.collect { new StreamSource(it) } as StreamSource[])
    }

    static Document xml(String text) {
        DocumentBuilderFactory.newInstance().with { namespaceAware = true; it }.newDocumentBuilder()
                .parse(new ByteArrayInputStream(text.getBytes('UTF-8')))
    }

    static Element only(Document document, QName name) {
        def found = document.getElementsByTagNameNS(name.namespaceURI, name.localPart)
        assert found.length == 1
        (Element) found.item(0)
    }

    def "the served header schemas accept the headers of a real request, its answer and a fault"() {
        given:
        Schema schema = servedHeaderSchemas('fmk')
        String cpr = newCpr()
        putMedication(cpr, "wsdl-${cpr}")
        Document sent = xml(request(cpr))
        Document answer = xml(post(request(cpr)).text)
        Document fault = xml(post(request(cpr, card([:], EXPIRED_CERT))).text)

        when:
        [only(sent, SECURITY), only(sent, MEDCOM_HEADER), only(answer, MEDCOM_HEADER), only(fault, MEDCOM_HEADER)].each {
            schema.newValidator().validate(new DOMSource(it))
        }

        then:
        notThrown(SAXException)
        only(fault, new QName(DgwsNamespaces.SOAP11, 'Fault')) != null
    }

    def "the header schema is a real contract: a medcom:Header without a MessageID or with an unknown priority is invalid"() {
        given:
        Validator validator = new Validator(servedHeaderSchemas(service))

        expect:
        validator.accepts(header('<medcom:SecurityLevel>4</medcom:SecurityLevel><medcom:Linking><medcom:MessageID>m1</medcom:MessageID></medcom:Linking><medcom:Priority>RUTINE</medcom:Priority>'))
        !validator.accepts(header('<medcom:SecurityLevel>4</medcom:SecurityLevel><medcom:Linking><medcom:FlowID>f</medcom:FlowID></medcom:Linking>'))
        !validator.accepts(header('<medcom:SecurityLevel>4</medcom:SecurityLevel><medcom:Linking><medcom:MessageID>m1</medcom:MessageID></medcom:Linking><medcom:Priority>SOON</medcom:Priority>'))
        !validator.accepts(header('<medcom:SecurityLevel>9</medcom:SecurityLevel><medcom:Linking><medcom:MessageID>m1</medcom:MessageID></medcom:Linking>'))

        where:
        service << ['sorus', 'minlog2-registration']
    }

    static Element header(String content) {
        only(xml("<medcom:Header xmlns:medcom=\"${DgwsNamespaces.MEDCOM}\">${content}</medcom:Header>"), MEDCOM_HEADER)
    }

    static class Validator {
        final Schema schema

        Validator(Schema schema) {
            this.schema = schema
        }

        boolean accepts(Element element) {
            try {
                schema.newValidator().validate(new DOMSource(element))
                true
            } catch (SAXException ignored) {
                false
            }
        }
    }
}
