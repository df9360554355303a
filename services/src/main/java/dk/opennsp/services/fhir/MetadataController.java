package dk.opennsp.services.fhir;

import dk.opennsp.security.error.FhirJson;
import dk.opennsp.security.error.FhirResponses;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Enumerations;

import java.util.Date;

/** The public CapabilityStatement: what this FHIR server supports. */
@Controller("/fhir/metadata")
@Tag(name = "FHIR")
public class MetadataController {
    private final FhirResponses responses;
    private final CapabilityStatement capabilities;

    public MetadataController(FhirResponses responses) {
        this.responses = responses;
        this.capabilities = build();
    }

    @Get
    @Produces(FhirJson.MEDIA_TYPE)
    @SecurityRequirements
    public HttpResponse<String> metadata() {
        return responses.ok(capabilities);
    }

    private static CapabilityStatement build() {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setDate(new Date());
        cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        cs.setName("OpenNSP");
        cs.getSoftware().setName("OpenNSP").setVersion("0.1");
        cs.addFormat("application/fhir+json");
        CapabilityStatementRestComponent rest = cs.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setDescription("Bearer JWT (RS256/ES256) from a trusted issuer; see README");
        for (String type : new String[]{"MedicationStatement", "Appointment", "Condition"}) {
            CapabilityStatementRestResourceComponent data = rest.addResource().setType(type);
            data.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
            data.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.UPDATE);
            data.setConditionalUpdate(true);
            data.addSearchParam().setName("patient.identifier").setType(Enumerations.SearchParamType.TOKEN)
                    .setDocumentation("urn:oid:1.2.208.176.1.2|{cpr}");
            data.addSearchParam().setName("identifier").setType(Enumerations.SearchParamType.TOKEN)
                    .setDocumentation("Conditional update only: {system}|{value}");
        }
        CapabilityStatementRestResourceComponent org = rest.addResource().setType("Organization");
        org.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
        org.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
        org.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.HISTORYTYPE);
        org.addSearchParam().setName("identifier").setType(Enumerations.SearchParamType.TOKEN)
                .setDocumentation("urn:oid:1.2.208.176.1.1|{sor code}");
        org.addSearchParam().setName("name").setType(Enumerations.SearchParamType.STRING)
                .setDocumentation("Part of the name, case-insensitive");
        org.addSearchParam().setName("partof").setType(Enumerations.SearchParamType.REFERENCE)
                .setDocumentation("Direct sub-units of Organization/{sor code}");
        return cs;
    }
}
