package dk.opennsp.services.dev;

import dk.opennsp.security.Identifiers;
import dk.opennsp.security.dgws.DgwsAuthenticator;
import dk.opennsp.security.dgws.DgwsEnvelope;
import dk.opennsp.security.dgws.DgwsRequestWriter;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.services.soap.FmkSchemas;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dev mode only: signed SOSI ID cards from the local dev STS, and complete DGWS requests ready to
 * POST to /soap/fmk, /soap/appointments and /soap/diagnoses. Absent (404) when dev mode is off.
 */
@Controller("/dev")
@Requires(property = "opennsp.dev-mode", value = "true")
@Tag(name = "Dev mode")
@SecurityRequirements
public class DevDgwsController {
    private final DevSts sts;

    public DevDgwsController(DevSts sts) {
        this.sts = sts;
    }

    @Get(uri = "/idcard", produces = MediaType.TEXT_XML)
    @Operation(summary = "A signed 24-hour SOSI ID card (saml:Assertion) for a demo professional or system")
    public String idCard(@QueryValue String identity) {
        return sts.idCard(DevData.identity(identity));
    }

    @Get(uri = "/dgws/get-medicine-card", produces = MediaType.TEXT_XML)
    @Operation(summary = "A complete DGWS GetMedicineCard request (ID card, medcom:Header, HSUID) to POST to /soap/fmk")
    public String getMedicineCardRequest(@QueryValue String identity, @QueryValue String cpr,
                                         @Nullable @QueryValue("consent-override") Boolean consentOverride) {
        return request(identity, cpr, consentOverride, "<GetMedicineCardRequest xmlns=\"" + FmkSchemas.NAMESPACE + "\">"
                + "<PersonIdentifier source=\"CPR\">" + cpr + "</PersonIdentifier>"
                + "<IncludePrescriptions>false</IncludePrescriptions><IncludeEffectuations>false</IncludeEffectuations>"
                + "<IncludeNonRelevantPrescriptions>false</IncludeNonRelevantPrescriptions></GetMedicineCardRequest>");
    }

    @Get(uri = "/dgws/get-appointments", produces = MediaType.TEXT_XML)
    @Operation(summary = "A complete DGWS GetAppointments request to POST to /soap/appointments")
    public String getAppointmentsRequest(@QueryValue String identity, @QueryValue String cpr,
                                         @Nullable @QueryValue("consent-override") Boolean consentOverride) {
        return request(identity, cpr, consentOverride, patientRequest("GetAppointmentsRequest", cpr));
    }

    @Get(uri = "/dgws/get-diagnoses", produces = MediaType.TEXT_XML)
    @Operation(summary = "A complete DGWS GetDiagnoses request to POST to /soap/diagnoses")
    public String getDiagnosesRequest(@QueryValue String identity, @QueryValue String cpr,
                                      @Nullable @QueryValue("consent-override") Boolean consentOverride) {
        return request(identity, cpr, consentOverride, patientRequest("GetDiagnosesRequest", cpr));
    }

    private static String patientRequest(String element, String cpr) {
        return "<" + element + " xmlns=\"urn:opennsp:patient:1.0\"><PersonIdentifier source=\"CPR\">" + cpr
                + "</PersonIdentifier></" + element + ">";
    }

    /** The envelope an EPJ sends for its user: the demo identity's card, HSUID naming the user, unit and citizen. */
    private String request(String identity, String cpr, Boolean consentOverride, String body) {
        if (!Identifiers.isCpr(cpr)) {
            throw ApiException.badRequest("cpr must be 10 digits");
        }
        DevIdentity who = DevData.identity(identity);
        Map<String, String> hsuid = new LinkedHashMap<>();
        hsuid.put("nsi:UserType", "nsi:HealthcareProfessional");
        if (who.claims().get("cpr") != null) {
            hsuid.put("nsi:ActingUserCivilRegistrationNumber", String.valueOf(who.claims().get("cpr")));
        }
        hsuid.put("nsi:CitizenCivilRegistrationNumber", cpr);
        hsuid.put("nsi:OrgUsingID", String.valueOf(who.claims().get("org_id")));
        hsuid.put("nsi:OrgUsingID" + DgwsEnvelope.NAME_FORMAT_SUFFIX, "nsi:sor");
        hsuid.put("nsi:OrgResponsibleName", String.valueOf(who.claims().get("org_name")));
        hsuid.put("nsi:SystemName", String.valueOf(who.claims().get("it_system")));
        hsuid.put("nsi:ConsentOverride", String.valueOf(Boolean.TRUE.equals(consentOverride)));
        if (Boolean.TRUE.equals(consentOverride)) {
            // a value leap names its kind and reason (the platform assumes neither); this builder fills in an example
            hsuid.put(DgwsAuthenticator.OVERRIDE_KIND, "emergency");
            hsuid.put(DgwsAuthenticator.OVERRIDE_REASON, "Akut behandling (dev-mode eksempel)");
        }
        return DgwsRequestWriter.envelope(sts.idCard(who), 4, hsuid, body);
    }
}
