package dk.opennsp.services.fhir;

import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.FhirFormat;
import dk.opennsp.security.error.FhirOutput;
import dk.opennsp.security.error.FhirResponses;
import dk.opennsp.security.http.SearchParameters;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

import java.util.Date;

/**
 * What this FHIR server supports, and nothing more: the public CapabilityStatement, and the
 * StructureDefinitions of its own extensions. Both are public, like {@code /fhir/metadata} in FHIR.
 */
@Controller("/fhir")
@Produces({FhirFormat.JSON_MEDIA_TYPE, FhirFormat.JSON_PLAIN, FhirFormat.JSON_LEGACY,
        FhirFormat.XML_MEDIA_TYPE, FhirFormat.XML_PLAIN, FhirFormat.XML_LEGACY, FhirFormat.XML_TEXT})
@Tag(name = "FHIR")
public class MetadataController {
    /** Accepted by every interaction, on top of its own parameters. */
    static final String COMMON_PARAMETERS = "Every interaction takes _format (json, xml), _pretty, _summary "
            + "(true, false, data; count on searches) and _elements. Searches page with _count and _offset (copy next links). "
            + "Unknown or repeated search parameters are refused with 400, never ignored.";

    private final FhirResponses responses;
    private final CapabilityStatement capabilities;

    public MetadataController(FhirResponses responses) {
        this.responses = responses;
        this.capabilities = build();
    }

    @Get("/metadata")
    @SecurityRequirements
    @Operation(summary = "The CapabilityStatement: exactly the interactions and search parameters that work")
    public HttpResponse<String> metadata(HttpRequest<?> request) {
        return responses.ok(SearchParameters.readOutput(request), capabilities);
    }

    @Get("/StructureDefinition/{id}")
    @SecurityRequirements
    @Operation(summary = "The definition of one of OpenNSP's own extensions")
    public HttpResponse<String> structureDefinition(HttpRequest<?> request, @PathVariable String id) {
        FhirOutput output = SearchParameters.readOutput(request);
        return responses.ok(output, OwnExtensions.find(id)
                .orElseThrow(() -> ApiException.notFound("No StructureDefinition " + id)));
    }

    private static CapabilityStatement build() {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setDate(new Date());
        cs.setPublisher("OpenNSP");
        cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        cs.setName("OpenNSP");
        cs.getSoftware().setName("OpenNSP").setVersion("0.1");
        cs.getImplementation().setDescription("OpenNSP national health-data service platform");
        cs.addFormat("application/fhir+json");
        cs.addFormat("application/fhir+xml");
        CapabilityStatementRestComponent rest = cs.addRest().setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.setDocumentation(COMMON_PARAMETERS);
        rest.getSecurity().setDescription("Bearer JWT (RS256/ES256) from a trusted issuer, or a token from /sts/token; "
                + "see README. Citizens' blockings apply to every read and search, and every access is logged to MinLog.");
        for (String type : new String[]{"MedicationStatement", "Appointment", "Condition"}) {
            CapabilityStatementRestResourceComponent data = rest.addResource().setType(type);
            interactions(data, TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD,
                    TypeRestfulInteraction.SEARCHTYPE, TypeRestfulInteraction.UPDATE);
            data.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONED);
            data.setReadHistory(false);
            data.setUpdateCreate(false);
            data.setConditionalUpdate(true);
            data.setDocumentation("Search by patient (GET, or POST _search with a form body). Create with a conditional "
                    + "update PUT " + type + "?identifier={system}|{value}; update by id needs an existing item. "
                    + "Only the current version is kept.");
            data.addSearchParam().setName("patient").setType(SearchParamType.REFERENCE)
                    .setDefinition("http://hl7.org/fhir/SearchParameter/clinical-patient")
                    .setDocumentation("By CPR number, chained: patient.identifier=urn:oid:1.2.208.176.1.2|{cpr} "
                            + "(also patient:Patient.identifier, or patient=Patient?identifier=…); a person without a CPR "
                            + "number by their national eCPR: urn:oid:1.2.208.176.1.6.1.1|{ecpr}");
        }
        CapabilityStatementRestResourceComponent person = rest.addResource().setType("Patient");
        interactions(person, TypeRestfulInteraction.CREATE, TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        person.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONED);
        person.setReadHistory(false);
        person.setConditionalCreate(true);
        person.setDocumentation("The national eCPR registry: people without a CPR number. Create gives the person a new "
                + "eCPR (urn:oid:1.2.208.176.1.6.1.1); If-None-Exist: identifier={system}|{value} returns the person already "
                + "registered with that identifier. Every registration returned is an access to the person's data: "
                + "blockings apply and it is logged to MinLog.");
        person.addSearchParam().setName("identifier").setType(SearchParamType.TOKEN)
                .setDefinition("http://hl7.org/fhir/SearchParameter/Patient-identifier")
                .setDocumentation("The eCPR, or another identifier (passport, asylum-seeker id, D-eCPR): {system}|{value}");
        person.addSearchParam().setName("family").setType(SearchParamType.STRING)
                .setDefinition("http://hl7.org/fhir/SearchParameter/individual-family")
                .setDocumentation("The whole family name, case-insensitive; with birthdate");
        person.addSearchParam().setName("given").setType(SearchParamType.STRING)
                .setDefinition("http://hl7.org/fhir/SearchParameter/individual-given")
                .setDocumentation("The whole given name, case-insensitive (optional, with family and birthdate)");
        person.addSearchParam().setName("birthdate").setType(SearchParamType.DATE)
                .setDefinition("http://hl7.org/fhir/SearchParameter/individual-birthdate")
                .setDocumentation("YYYY-MM-DD, with family");
        CapabilityStatementRestResourceComponent org = rest.addResource().setType("Organization");
        interactions(org, TypeRestfulInteraction.READ, TypeRestfulInteraction.VREAD,
                TypeRestfulInteraction.SEARCHTYPE, TypeRestfulInteraction.HISTORYTYPE);
        org.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONED);
        org.setReadHistory(false);
        org.setDocumentation("SOR. History (_history with _since) is the delta feed: every entity changed since, "
                + "oldest first, in its current version.");
        org.addSearchParam().setName("identifier").setType(SearchParamType.TOKEN)
                .setDefinition("http://hl7.org/fhir/SearchParameter/Organization-identifier")
                .setDocumentation("urn:oid:1.2.208.176.1.1|{sor code}");
        org.addSearchParam().setName("name").setType(SearchParamType.STRING)
                .setDefinition("http://hl7.org/fhir/SearchParameter/Organization-name")
                .setDocumentation("Part of the name, case-insensitive");
        org.addSearchParam().setName("partof").setType(SearchParamType.REFERENCE)
                .setDefinition("http://hl7.org/fhir/SearchParameter/Organization-partof")
                .setDocumentation("Direct sub-units of Organization/{sor code}");
        CapabilityStatementRestResourceComponent definitions = rest.addResource().setType("StructureDefinition");
        interactions(definitions, TypeRestfulInteraction.READ);
        definitions.setDocumentation("The extensions this server uses: " + String.join(", ", OwnExtensions.urls()));
        return cs;
    }

    private static void interactions(CapabilityStatementRestResourceComponent resource, TypeRestfulInteraction... codes) {
        for (TypeRestfulInteraction code : codes) {
            resource.addInteraction().setCode(code);
        }
    }
}
