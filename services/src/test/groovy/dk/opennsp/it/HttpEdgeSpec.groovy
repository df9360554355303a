package dk.opennsp.it

import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import dk.opennsp.support.TestApp
import dk.opennsp.support.TestSts

import static dk.opennsp.support.TestKeys.*

/** The HTTP and SOAP edge: request smuggling, unknown service documents, malformed and mismatched DGWS requests. */
class HttpEdgeSpec extends AppSpec {

    /** Sends raw bytes on one connection; returns everything the server sent until it closed (or 3 s passed). */
    static Map raw(String request) {
        Socket socket = new Socket('localhost', TestApp.server().port)
        socket.soTimeout = 3000
        socket.outputStream.write(request.getBytes('ISO-8859-1'))
        socket.outputStream.flush()
        ByteArrayOutputStream received = new ByteArrayOutputStream()
        boolean closed = false
        try {
            byte[] buffer = new byte[8192]
            int n
            while ((n = socket.inputStream.read(buffer)) >= 0) {
                received.write(buffer, 0, n)
            }
            closed = true
        } catch (SocketTimeoutException ignored) {
            closed = false
        } finally {
            socket.close()
        }
        [text: received.toString('ISO-8859-1'), closed: closed]
    }

    def "Content-Length with Transfer-Encoding is a 400 and the connection is closed; a piggy-backed request never runs"() {
        given:
        String cpr = newCpr()
        String smuggled = "GET ${Http.cardPath(cpr)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token(professional())}\r\n\r\n"
        String request = "POST /api/citizen/blockings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled

        when:
        Map reply = raw(request)

        then:
        reply.text.startsWith('HTTP/1.1 400')
        reply.text.toLowerCase().contains('connection: close')
        reply.text.count('HTTP/1.1 ') == 1
        reply.closed

        and: 'the smuggled lookup left no log entry'
        citizenLog(cpr).json.total == 0
    }

    def "an unknown schema or WSDL document is a 404, not a 500"() {
        expect:
        Http.get('/soap/fmk?xsd=nonexistent.xsd').status == 404
        Http.get('/soap/fmk?wsdl=nothing.wsdl').status == 404
        Http.get('/soap/fmk?wsdl').status == 200
    }

    def "a DGWS request is refused with syntax_error when #problem"() {
        given:
        String cpr = newCpr()
        String xml = TestSts.request(cpr)

        when:
        Http.Response r = Http.send('POST', '/soap/fmk', null, mutate(xml), ['Content-Type': contentType, SOAPAction: action])

        then:
        r.status == status
        r.text.contains('<medcom:FaultCode xmlns:medcom="http://www.medcom.dk/dgws/2006/04/dgws-1.0.xsd">syntax_error</medcom:FaultCode>')
        r.text.contains(message)

        and: 'nothing was looked up'
        citizenLog(cpr).json.total == 0

        where:
        problem                                    | contentType        | action                                                           | mutate                                                   | status | message
        'the SOAPAction names another operation'   | 'text/xml'         | '"urn:opennsp:patient:1.0#GetAppointments"'                       | { it }                                                   | 500    | 'SOAPAction'
        'the content type is JSON'                 | 'application/json' | '""'                                                             | { it }                                                   | 415    | 'text/xml'
        'the content type is SOAP 1.2'             | 'application/soap+xml' | '""'                                                         | { it }                                                   | 415    | 'text/xml'
        'the Body holds two operations'            | 'text/xml'         | '""'                                                             | { String x -> twoOperations(x) }                         | 500    | 'exactly one element'
    }

    static String twoOperations(String xml) {
        int open = xml.indexOf('>', xml.indexOf(':Body')) + 1
        int close = xml.lastIndexOf('</', xml.lastIndexOf(':Body>'))
        xml.substring(0, close) + xml.substring(open, close) + xml.substring(close)
    }
}
