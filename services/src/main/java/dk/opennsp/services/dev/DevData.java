package dk.opennsp.services.dev;

import dk.opennsp.sor.SorCode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fictive demo data for dev mode. CPR numbers, names and authorization codes are invented test
 * material; the organisation tree is {@link DevSorData} (public names, invented codes).
 */
public final class DevData {
    public static final String ISSUER = "opennsp-dev";
    public static final String AUDIENCE = "opennsp";

    public static final String REGION_HOVEDSTADEN = SorCode.danish(10001);
    public static final String REGION_MIDTJYLLAND = SorCode.danish(10002);
    public static final String RIGSHOSPITALET = SorCode.danish(10010);
    public static final String RH_CARDIOLOGY = SorCode.danish(10011);
    public static final String RH_EMERGENCY = SorCode.danish(10012);
    public static final String AUH = SorCode.danish(10020);
    public static final String AUH_ENDOCRINOLOGY = SorCode.danish(10021);
    public static final String GP_VESTERGADE = SorCode.danish(10030);

    public static final String NANCY = "0101901111";
    public static final String JENS = "1502852222";
    public static final String LISE = "2406703333";
    public static final String PETER = "0202803344";
    public static final String EMMA = "1010154455";

    /** patient, ATC, drug name, dosage, start, end, source SOR */
    public static final List<String[]> MEDICATIONS = List.of(
            new String[]{NANCY, "C07AB02", "Metoprolol 50 mg depottablet", "1 tablet morgen", "2025-03-01", null, RH_CARDIOLOGY},
            new String[]{NANCY, "N02BE01", "Paracetamol 500 mg tablet", "2 tabletter ved behov, højst 4 gange i døgnet", "2026-01-10", "2026-12-31", GP_VESTERGADE},
            new String[]{NANCY, "A10BA02", "Metformin 500 mg tablet", "1 tablet morgen og aften", "2024-06-15", null, AUH_ENDOCRINOLOGY},
            new String[]{JENS, "C10AA05", "Atorvastatin 20 mg tablet", "1 tablet aften", "2023-09-01", null, GP_VESTERGADE},
            new String[]{LISE, "N06AB06", "Sertralin 50 mg tablet", "1 tablet dagligt", "2025-11-01", null, GP_VESTERGADE},
            new String[]{EMMA, "R03AC02", "Salbutamol 0,1 mg/dosis inhalationsspray", "2 pust ved behov", "2026-02-01", null, GP_VESTERGADE});

    /** patient, start, end, status, SNOMED type, type text, performing unit and location (SOR), author SOR */
    public static final List<String[]> APPOINTMENTS = List.of(
            new String[]{NANCY, "2026-12-03T09:00:00Z", "2026-12-03T09:30:00Z", "booked", "185353001",
                    "Ambulant kontrol", RH_CARDIOLOGY, RH_CARDIOLOGY},
            new String[]{NANCY, "2026-06-10T13:00:00Z", "2026-06-10T13:20:00Z", "fulfilled", "185389009",
                    "Opfølgende konsultation", AUH_ENDOCRINOLOGY, AUH_ENDOCRINOLOGY},
            new String[]{JENS, "2027-01-15T08:15:00Z", "2027-01-15T08:30:00Z", "booked", "185349003",
                    "Konsultation hos egen læge", GP_VESTERGADE, GP_VESTERGADE},
            new String[]{LISE, "2026-12-20T10:00:00Z", "2026-12-20T10:30:00Z", "booked", "185353001",
                    "Ambulant samtale", GP_VESTERGADE, GP_VESTERGADE});

    /** patient, code system (ICPC-2 / SKS-D), code, text, category, clinical status, onset, abatement, source SOR */
    public static final List<String[]> DIAGNOSES = List.of(
            new String[]{NANCY, "urn:oid:1.2.208.176.2.4.12", "DI109", "Essentiel hypertension", "problem-list-item",
                    "active", "2024-11-02", null, RH_CARDIOLOGY},
            new String[]{NANCY, "urn:oid:1.2.208.176.2.4.12", "DE119", "Type 2-diabetes uden komplikationer",
                    "problem-list-item", "active", "2024-06-15", null, AUH_ENDOCRINOLOGY},
            new String[]{JENS, "urn:oid:1.2.208.176.2.31", "T93", "Forhøjet kolesterol", "problem-list-item", "active",
                    "2023-09-01", null, GP_VESTERGADE},
            new String[]{LISE, "urn:oid:1.2.208.176.2.31", "P76", "Depression", "encounter-diagnosis", "remission",
                    "2025-10-20", "2026-09-01", GP_VESTERGADE});

    public static final List<DevIdentity> IDENTITIES = List.of(
            citizen("citizen-nancy", "Citizen with three medications", NANCY, "Nancy", "Berggren", null),
            citizen("citizen-jens", "Citizen with one medication", JENS, "Jens", "Hansen", null),
            citizen("citizen-lise", "Citizen who has blocked doctor-hans (demo blocking)", LISE, "Lise", "Nielsen", null),
            citizen("citizen-peter", "Parent with custody of Emma (" + EMMA + ")", PETER, "Peter", "Berggren",
                    Map.of("relation", "custody", "cpr", EMMA)),
            professional("doctor-karl", "Doctor, Hjertemedicinsk Klinik, Rigshospitalet", "0505601111", "Karl", "Jensen",
                    "C1A23", "7170", RH_CARDIOLOGY, "Hjertemedicinsk Klinik, Rigshospitalet"),
            professional("doctor-hans", "GP, Lægerne Vestergade (blocked by citizen-lise)", "0606652222", "Hans", "Hansen",
                    "D2B34", "7170", GP_VESTERGADE, "Lægerne Vestergade"),
            professional("nurse-mette", "Nurse, Akutmodtagelsen, Rigshospitalet", "0707703333", "Mette", "Lund",
                    "N3C45", "5166", RH_EMERGENCY, "Akutmodtagelsen, Rigshospitalet"),
            system("system-epj", "Hospital EPJ system of Rigshospitalet (may write medicine cards)", RIGSHOSPITALET,
                    "Rigshospitalet", "Sundhedsplatformen (demo)"),
            sorAdmin("sor-admin-hovedstaden", "SOR administrator of Region Hovedstaden", "1084"));

    private DevData() {
    }

    /** The demo identity with this id, or a 400 naming the valid ones. */
    static DevIdentity identity(String id) {
        return IDENTITIES.stream().filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> dk.opennsp.security.error.ApiException.badRequest("identity must be one of "
                        + IDENTITIES.stream().map(DevIdentity::id).toList()));
    }

    private static DevIdentity citizen(String id, String description, String cpr, String given, String family,
                                       Map<String, Object> onBehalfOf) {
        Map<String, Object> claims = base("citizen");
        claims.put("cpr", cpr);
        claims.put("given_name", given);
        claims.put("family_name", family);
        claims.put("assurance_level", "substantial");
        if (onBehalfOf != null) {
            claims.put("on_behalf_of", onBehalfOf);
        }
        return new DevIdentity(id, description, claims);
    }

    private static DevIdentity professional(String id, String description, String cpr, String given, String family,
                                            String authorizationCode, String educationCode, String sor, String orgName) {
        Map<String, Object> claims = base("professional");
        claims.put("cpr", cpr);
        claims.put("given_name", given);
        claims.put("family_name", family);
        claims.put("authorization_code", authorizationCode);
        claims.put("education_code", educationCode);
        claims.put("org_id", sor);
        claims.put("org_id_type", "sor");
        claims.put("org_name", orgName);
        claims.put("it_system", "OpenNSP demo EPJ");
        claims.put("assurance_level", "high");
        return new DevIdentity(id, description, claims);
    }

    private static DevIdentity system(String id, String description, String sor, String orgName, String itSystem) {
        Map<String, Object> claims = base("system");
        claims.put("org_id", sor);
        claims.put("org_id_type", "sor");
        claims.put("org_name", orgName);
        claims.put("it_system", itSystem);
        return new DevIdentity(id, description, claims);
    }

    private static DevIdentity sorAdmin(String id, String description, String region) {
        Map<String, Object> claims = base("sor_admin");
        claims.put("region_code", region);
        claims.put("given_name", "SOR");
        claims.put("family_name", "Administrator");
        return new DevIdentity(id, description, claims);
    }

    private static Map<String, Object> base(String userType) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("user_type", userType);
        return claims;
    }
}
