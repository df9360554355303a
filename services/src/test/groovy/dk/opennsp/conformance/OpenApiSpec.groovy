package dk.opennsp.conformance

import dk.opennsp.support.AppSpec
import dk.opennsp.support.Http
import io.swagger.v3.oas.models.OpenAPI
import io.swagger.v3.oas.models.Operation
import io.swagger.v3.parser.OpenAPIV3Parser
import io.swagger.v3.parser.core.models.SwaggerParseResult
import spock.lang.Shared

/** The OpenAPI document as a client generator reads it, and the Swagger UI that shows it, over HTTP. */
class OpenApiSpec extends AppSpec {
    @Shared SwaggerParseResult parsed
    @Shared OpenAPI api

    def setupSpec() {
        Http.Response document = Http.get('/openapi/opennsp-0.1.yml')
        assert document.status == 200
        parsed = new OpenAPIV3Parser().readContents(document.text, null, null)
        api = parsed.openAPI
    }

    List<Map.Entry<String, Operation>> operations() {
        api.paths.collectMany { path, item -> item.readOperationsMap().collect { method, op -> Map.entry("${method} ${path}".toString(), op) } }
    }

    def "the document parses with no messages and names no internal parameter"() {
        expect:
        parsed.messages == []
        operations().size() > 30
        operations().findAll { e -> e.value.parameters?.any { it.name == 'caller' } }*.key == []
        !Http.get('/openapi/opennsp-0.1.yml').text.contains('caller:')
        !api.components.schemas.containsKey('Caller')
    }

    def "the bearer scheme is required exactly where the token filter is, and public operations ask for none"() {
        given:
        Map<String, Operation> ops = operations().collectEntries { [it.key, it.value] }

        expect:
        api.security == null || api.security.isEmpty()
        ops.findAll { k, op -> k.contains(' /fhir/') || k.contains(' /api/') }
                .findAll { k, op -> !(k in ['GET /fhir/metadata', 'GET /fhir/StructureDefinition/{id}']) }
                .findAll { k, op -> !op.security?.any { it.containsKey('bearer') } }.keySet() == [] as Set
        ['GET /fhir/metadata', 'GET /fhir/StructureDefinition/{id}', 'POST /dev/token', 'POST /sts/token', 'GET /.well-known/jwks.json']
                .findAll { ops[it] == null || ops[it].security }.isEmpty()
    }

    def "every protected operation documents the refusals a client can get; writes their own"() {
        given:
        Map<String, Operation> ops = operations().collectEntries { [it.key, it.value] }

        expect:
        ops.findAll { k, op -> op.security }.findAll { k, op -> !op.responses.keySet().containsAll(['400', '401', '403', '429', '503']) }.keySet() == [] as Set
        ops['PUT /fhir/MedicationStatement'].responses.keySet().containsAll(['200', '201', '422'])
        ops['PUT /api/sor/units/{code}'].responses.keySet().containsAll(['412', '428'])
        ops['PUT /api/sor/units/{code}'].parameters.find { it.name == 'If-Match' }.required
        ops['POST /api/sor/units'].responses.containsKey('201')
    }

    def "Swagger UI loads the document it points at"() {
        when:
        Http.Response page = Http.get('/swagger-ui/index.html')
        String url = (page.text =~ /\/openapi\/[A-Za-z0-9.\-]+\.yml/)[0]

        then:
        page.status == 200
        Http.get(url).status == 200
    }
}
