package dk.opennsp.services.fhir;

import dk.opennsp.ecpr.EcprNumbers;
import dk.opennsp.ecpr.EcprRegistry;
import dk.opennsp.ecpr.ExternalIdentifier;
import dk.opennsp.services.ecpr.PersonRegistrations;
import dk.opennsp.ecpr.Registration;
import dk.opennsp.security.Caller;
import dk.opennsp.security.Identifiers;
import dk.opennsp.security.access.GuardedResult;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.FhirFormat;
import dk.opennsp.security.error.FhirOutput;
import dk.opennsp.security.error.FhirResponses;
import dk.opennsp.security.http.ConsentOverrideHeaders;
import dk.opennsp.security.http.RequestValues;
import dk.opennsp.security.http.SearchParameters;
import dk.opennsp.services.openapi.VersionedChange;
import dk.opennsp.services.openapi.BearerApi;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * FHIR Patient for people registered without a CPR number (the national eCPR registry): create, with
 * {@code If-None-Exist} on an external identifier so a returning patient keeps their number; read by eCPR;
 * search by identifier or by family name and birth date. Professionals and systems; every registration
 * that is returned is an access to the person's data, through the access guard: blockings apply, MinLog gets it.
 */
@BearerApi
@Controller("/fhir/Patient")
@Tag(name = "eCPR registry (FHIR Patient)")
public class PatientController {
    private static final Set<String> SEARCH = Set.of("identifier", "family", "given", "birthdate");

    private final PersonRegistrations registrations;
    private final PatientDataFhir bodies;
    private final FhirResponses responses;
    private final FhirBase base;

    public PatientController(PersonRegistrations registrations, PatientDataFhir bodies, FhirResponses responses, FhirBase base) {
        this.registrations = registrations;
        this.bodies = bodies;
        this.responses = responses;
        this.base = base;
    }

    @Post
    @Consumes({FhirFormat.JSON_MEDIA_TYPE, FhirFormat.JSON_PLAIN, FhirFormat.JSON_LEGACY,
            FhirFormat.XML_MEDIA_TYPE, FhirFormat.XML_PLAIN, FhirFormat.XML_LEGACY, FhirFormat.XML_TEXT})
    @Operation(summary = "Register a person without a CPR number; the answer carries their new national eCPR. "
            + "With If-None-Exist: identifier={system}|{value}, a person already registered with that identifier is returned (200)")
    @Parameter(name = "If-None-Exist", in = ParameterIn.HEADER, example = "identifier=urn:oid:1.2.208.176.1.6.3.1|AB1234567")
    public HttpResponse<String> create(HttpRequest<?> request, Caller caller, @Nullable @Body String body) {
        FhirOutput output = SearchParameters.readOutput(request);
        String ifNoneExist = request.getHeaders().get("If-None-Exist");
        ExternalIdentifier condition = ifNoneExist == null ? null : identifierCondition(ifNoneExist);
        EcprRegistry.Draft draft = body == null || body.isBlank() ? null : draft(bodies.parse(request, Patient.class, body));
        PersonRegistrations.Outcome outcome = registrations.register(caller, draft, condition, ConsentOverrideHeaders.parse(request, caller));
        Patient answer = fhir(outcome.person());
        if (!outcome.created()) {
            return responses.ok(output, answer);
        }
        return responses.status(output, HttpStatus.CREATED, answer)
                .headers(h -> h.location(URI.create(base.of(request) + "/Patient/" + answer.getIdElement().getIdPart() + "/_history/1")));
    }

    @Put("/{id}")
    @VersionedChange
    @Consumes({FhirFormat.JSON_MEDIA_TYPE, FhirFormat.JSON_PLAIN, FhirFormat.JSON_LEGACY,
            FhirFormat.XML_MEDIA_TYPE, FhirFormat.XML_PLAIN, FhirFormat.XML_LEGACY, FhirFormat.XML_TEXT})
    @Operation(summary = "Correct a registration's details (a new version; the eCPR stays). If-Match: the version read")
    public HttpResponse<String> update(HttpRequest<?> request, Caller caller, @PathVariable String id,
                                       @Parameter(in = ParameterIn.HEADER, name = "If-Match", required = true)
                                       @Nullable @io.micronaut.http.annotation.Header(HttpHeaders.IF_MATCH) String ifMatch,
                                       @Nullable @Body String body) {
        FhirOutput output = SearchParameters.readOutput(request);
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("A Patient resource is required");
        }
        Patient patient = bodies.parse(request, Patient.class, body);
        if (!id.equals(patient.getIdElement().getIdPart())) {
            throw ApiException.badRequest("The resource's id must be the eCPR in the URL (" + id + ")");
        }
        patient.getIdentifier().removeIf(i -> Identifiers.ECPR_SYSTEM.equals(i.getSystem()) && id.equals(i.getValue()));
        PersonRegistrations.Shown shown = registrations.update(caller, id, RequestValues.ifMatchVersion(ifMatch), draft(patient),
                ConsentOverrideHeaders.parse(request, caller));
        return responses.ok(output, fhir(shown)).header(HttpHeaders.ETAG, "W/\"" + shown.registration().version() + "\"");
    }

    @Get("/{id}")
    @Operation(summary = "Read a registration by its eCPR (blockings applied, access logged)")
    public HttpResponse<String> read(HttpRequest<?> request, Caller caller, @PathVariable String id) {
        FhirOutput output = SearchParameters.readOutput(request);
        PersonRegistrations.Shown shown = registrations.read(caller, id, ConsentOverrideHeaders.parse(request, caller));
        return responses.ok(output, fhir(shown)).header(HttpHeaders.ETAG, "W/\"" + shown.registration().version() + "\"");
    }

    @Get
    @Operation(summary = "Find registrations by identifier (the eCPR or another identifier), or by family name and birth date")
    @Parameter(name = "identifier", in = ParameterIn.QUERY, example = "urn:oid:1.2.208.176.1.6.3.1|AB1234567")
    @Parameter(name = "family", in = ParameterIn.QUERY)
    @Parameter(name = "given", in = ParameterIn.QUERY)
    @Parameter(name = "birthdate", in = ParameterIn.QUERY, example = "1990-01-01")
    public HttpResponse<String> search(HttpRequest<?> request, Caller caller) {
        SearchParameters params = SearchParameters.of(request.getParameters(), SEARCH);
        FhirOutput output = params.output(request);
        var override = ConsentOverrideHeaders.parse(request, caller);
        PersonRegistrations.Found found;
        String identifier = request.getParameters().get("identifier");
        if (identifier != null) {
            ExternalIdentifier id = identifierCondition("identifier=" + identifier);
            found = registrations.byIdentifier(caller, id.system(), id.value(), override);
        } else {
            String family = request.getParameters().get("family");
            String birthdate = request.getParameters().get("birthdate");
            if (family == null || family.isBlank() || birthdate == null) {
                throw ApiException.badRequest("Search by identifier, or by family and birthdate (given is optional)");
            }
            found = registrations.byName(caller, family, request.getParameters().get("given"), date(birthdate), override);
        }
        // the same searchset (and "withheld" outcome) as every guarded search
        GuardedResult<PersonRegistrations.Shown> result = new GuardedResult<>(found.persons(), false, found.withheld());
        return responses.ok(output, SearchBundles.searchset(result, PatientController::fhir, base.of(request), 0, found.persons().size()));
    }

    private static Patient fhir(PersonRegistrations.Shown shown) {
        Registration r = shown.registration();
        Patient p = new Patient();
        p.setId(r.ecpr());
        p.getMeta().setVersionId(String.valueOf(r.version())).setLastUpdated(Date.from(r.updatedAt()));
        p.addIdentifier().setSystem(Identifiers.ECPR_SYSTEM).setValue(r.ecpr()).setUse(Identifier.IdentifierUse.OFFICIAL);
        for (ExternalIdentifier id : shown.identifiers()) {
            p.addIdentifier().setSystem(id.system()).setValue(id.value()).setUse(Identifier.IdentifierUse.SECONDARY);
        }
        p.addName().setFamily(r.familyName()).addGiven(r.givenName());
        p.setGender("male".equals(r.gender()) ? AdministrativeGender.MALE : AdministrativeGender.FEMALE);
        p.setBirthDate(Date.from(r.birthDate().atStartOfDay(ZoneOffset.UTC).toInstant()));
        if (r.address() != null) {
            p.addAddress().setText(r.address());
        }
        if (r.linkedCpr() != null) {
            // the same person under the CPR number they got later
            p.addLink().setType(Patient.LinkType.SEEALSO).setOther(new org.hl7.fhir.r4.model.Reference()
                    .setType("Patient").setIdentifier(new Identifier().setSystem(Identifiers.CPR_SYSTEM).setValue(r.linkedCpr())));
        }
        if (r.contact() != null) {
            p.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.OTHER).setValue(r.contact());
        }
        return p;
    }

    static EcprRegistry.Draft draft(Patient p) {
        if (p.getName().size() != 1 || !p.getNameFirstRep().hasFamily() || !p.getNameFirstRep().hasGiven()) {
            throw ApiException.badRequest("Patient.name: one name with a family name and a given name");
        }
        if (!p.hasBirthDateElement() || p.getBirthDateElement().getPrecision() != ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) {
            throw ApiException.badRequest("Patient.birthDate is required, as a full date (YYYY-MM-DD)");
        }
        EcprNumbers.Gender gender = switch (p.hasGender() ? p.getGender() : AdministrativeGender.NULL) {
            case MALE -> EcprNumbers.Gender.MALE;
            case FEMALE -> EcprNumbers.Gender.FEMALE;
            default -> throw ApiException.badRequest("Patient.gender must be male or female (the eCPR's last digit tells which)");
        };
        List<ExternalIdentifier> identifiers = new ArrayList<>();
        for (Identifier id : p.getIdentifier()) {
            if (Identifiers.ECPR_SYSTEM.equals(id.getSystem())) {
                throw ApiException.badRequest("The eCPR is given by the registry: leave it out of the new Patient");
            }
            identifiers.add(new ExternalIdentifier(id.getSystem(), id.getValue()));
        }
        LocalDate birth = LocalDate.parse(p.getBirthDateElement().getValueAsString());
        String given = String.join(" ", p.getNameFirstRep().getGiven().stream().map(g -> g.getValue()).toList());
        String address = p.hasAddress() ? (p.getAddressFirstRep().hasText() ? p.getAddressFirstRep().getText()
                : String.join(", ", p.getAddressFirstRep().getLine().stream().map(l -> l.getValue()).toList())) : null;
        String contact = p.hasTelecom() ? p.getTelecomFirstRep().getValue() : null;
        return new EcprRegistry.Draft(birth, gender, given, p.getNameFirstRep().getFamily(), address, contact, identifiers);
    }

    private static ExternalIdentifier identifierCondition(String condition) {
        if (!condition.startsWith("identifier=")) {
            throw ApiException.badRequest("If-None-Exist must be identifier={system}|{value}");
        }
        String token = java.net.URLDecoder.decode(condition.substring("identifier=".length()), java.nio.charset.StandardCharsets.UTF_8);
        int bar = token.indexOf('|');
        if (bar <= 0 || bar == token.length() - 1 || token.length() > 300) {
            throw ApiException.badRequest("identifier must be {system}|{value}");
        }
        return new ExternalIdentifier(token.substring(0, bar), token.substring(bar + 1));
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value.startsWith("eq") ? value.substring(2) : value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("birthdate must be a date, YYYY-MM-DD");
        }
    }
}
