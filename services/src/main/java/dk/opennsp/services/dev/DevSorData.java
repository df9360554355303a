package dk.opennsp.services.dev;

import dk.opennsp.sor.SorCode;
import dk.opennsp.sor.SorOrganisation;
import dk.opennsp.sor.SorOrganisation.OwnerType;
import dk.opennsp.sor.SorOrganisation.SorEntityType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Dev-mode SOR tree: the five regions with their hospitals, departments and sections, GP clinics
 * and municipal health services — several hundred entities. Institution and place names are public;
 * SOR codes, SHAK codes, EAN numbers, ydernumre, CVR numbers and street addresses are invented
 * (SOR codes are valid in form: Danish namespace, Verhoeff check digit).
 */
public final class DevSorData {
    private static final LocalDate FROM = LocalDate.of(2020, 1, 1);
    private static final String[][] DEPARTMENTS = {
            {"Akutmodtagelsen", "akutmedicin"}, {"Hjertemedicinsk Klinik", "kardiologi"},
            {"Endokrinologisk Afdeling", "endokrinologi"}, {"Ortopædkirurgisk Afdeling", "ortopædisk kirurgi"},
            {"Medicinsk Afdeling", "intern medicin"}, {"Børne- og Ungeafdelingen", "pædiatri"},
            {"Gynækologisk-obstetrisk Afdeling", "gynækologi og obstetrik"}, {"Neurologisk Afdeling", "neurologi"},
            {"Onkologisk Afdeling", "klinisk onkologi"}, {"Radiologisk Afdeling", "radiologi"}};
    private static final String[] SECTIONS = {"Sengeafsnit", "Ambulatorium"};

    /** region code, name, city, postal code, hospitals (first is the university hospital) */
    private static final Object[][] REGIONS = {
            {"1084", "Region Hovedstaden", "Hillerød", "3400", new String[]{"Rigshospitalet", "Herlev og Gentofte Hospital",
                    "Bispebjerg og Frederiksberg Hospital", "Amager og Hvidovre Hospital", "Nordsjællands Hospital", "Bornholms Hospital"},
                    new String[]{"København", "Frederiksberg", "Gentofte", "Hillerød"}},
            {"1085", "Region Sjælland", "Sorø", "4180", new String[]{"Sjællands Universitetshospital", "Holbæk Sygehus",
                    "Nykøbing Falster Sygehus", "Slagelse Sygehus"}, new String[]{"Roskilde", "Køge", "Næstved", "Holbæk"}},
            {"1083", "Region Syddanmark", "Vejle", "7100", new String[]{"Odense Universitetshospital", "Sygehus Lillebælt",
                    "Sydvestjysk Sygehus", "Sygehus Sønderjylland"}, new String[]{"Odense", "Esbjerg", "Vejle", "Kolding"}},
            {"1082", "Region Midtjylland", "Viborg", "8800", new String[]{"Aarhus Universitetshospital", "Gødstrup Hospital",
                    "Regionshospitalet Randers", "Regionshospitalet Horsens", "Regionshospitalet Viborg"},
                    new String[]{"Aarhus", "Randers", "Silkeborg", "Herning"}},
            {"1081", "Region Nordjylland", "Aalborg", "9000", new String[]{"Aalborg Universitetshospital",
                    "Regionshospital Nordjylland", "Sygehus Thy-Mors"}, new String[]{"Aalborg", "Hjørring", "Frederikshavn", "Thisted"}}};
    private static final String[] GP_STREETS = {"Vestergade", "Østergade", "Nørregade", "Søndergade", "Torvet", "Stationsvej",
            "Kirkevej", "Skolegade"};
    private static final String[] MUNICIPAL_UNITS = {"Hjemmeplejen", "Sundhedscentret", "Den kommunale tandpleje"};

    private final List<SorOrganisation> entities = new ArrayList<>();
    private int nextItem = 20000;
    private int nextEan = 1;
    private int nextYdernummer = 100001;

    private DevSorData() {
    }

    public static List<SorOrganisation> build() {
        DevSorData data = new DevSorData();
        data.generate();
        return List.copyOf(data.entities);
    }

    private void generate() {
        for (int r = 0; r < REGIONS.length; r++) {
            String region = (String) REGIONS[r][0];
            String regionName = (String) REGIONS[r][1];
            String owner = add(code(regionName, null), regionName, SorEntityType.INSTITUTION_OWNER, null, region, "Region",
                    OwnerType.REGION, "9919000" + (r + 1), null, null, "1", "Institutionsejer", "Regionsgården",
                    (String) REGIONS[r][3], (String) REGIONS[r][2]);
            String[] hospitals = (String[]) REGIONS[r][4];
            for (int h = 0; h < hospitals.length; h++) {
                String shak = String.format("%02d%02d", 13 + r, 1 + h);
                String hospital = add(code(hospitals[h], null), hospitals[h], SorEntityType.HEALTH_INSTITUTION, owner, region,
                        "Sygehus", OwnerType.REGION, null, shak, null, "2", "Sundhedsinstitution", "Hospitalsvej " + (h + 1),
                        (String) REGIONS[r][3], (String) REGIONS[r][2]);
                for (int d = 0; d < DEPARTMENTS.length; d++) {
                    String name = DEPARTMENTS[d][0] + ", " + hospitals[h];
                    String department = add(code(hospitals[h], DEPARTMENTS[d][0]), name, SorEntityType.ORGANISATIONAL_UNIT,
                            hospital, region, "Afdeling", OwnerType.REGION, null, shak + d + "00", DEPARTMENTS[d][1],
                            "3", "Afdeling", null, null, null);
                    for (int s = 0; s < SECTIONS.length; s++) {
                        add(code(null, null), SECTIONS[s] + ", " + name, SorEntityType.ORGANISATIONAL_UNIT, department, region,
                                "Afsnit", OwnerType.REGION, null, shak + d + "0" + (s + 1), DEPARTMENTS[d][1], "4", "Afsnit",
                                null, null, null);
                    }
                }
            }
            String practices = add(code(null, null), "Almen praksis, " + regionName, SorEntityType.INSTITUTION_OWNER, null,
                    region, "Privat praksis", OwnerType.PRIVATE, null, null, null, "1", "Institutionsejer", null, null, null);
            for (int g = 0; g < GP_STREETS.length; g++) {
                String city = ((String[]) REGIONS[r][5])[g % 4];
                String name = "Lægerne " + GP_STREETS[g] + (r == 0 && g == 0 ? "" : ", " + city);
                add(code(name, null), name, SorEntityType.HEALTH_INSTITUTION, practices, region, "Almen praksis",
                        OwnerType.PRIVATE, null, null, "almen medicin", "2", "Sundhedsinstitution", GP_STREETS[g] + " " + (g + 3),
                        (String) REGIONS[r][3], city);
            }
            for (String municipality : (String[]) REGIONS[r][5]) {
                String m = add(code(null, null), municipality + " Kommune", SorEntityType.INSTITUTION_OWNER, null, null,
                        "Kommune", OwnerType.MUNICIPALITY, null, null, null, "1", "Institutionsejer", "Rådhuspladsen 1",
                        (String) REGIONS[r][3], municipality);
                String care = add(code(null, null), "Sundhed og Omsorg, " + municipality + " Kommune",
                        SorEntityType.HEALTH_INSTITUTION, m, null, "Kommunal sundhedsinstitution", OwnerType.MUNICIPALITY,
                        null, null, null, "2", "Sundhedsinstitution", null, null, null);
                for (String unit : MUNICIPAL_UNITS) {
                    add(code(null, null), unit + ", " + municipality + " Kommune", SorEntityType.ORGANISATIONAL_UNIT, care,
                            null, "Kommunal enhed", OwnerType.MUNICIPALITY, null, null, null, "3", "Enhed", null, null, null);
                }
            }
        }
    }

    /** The demo identities and medications refer to a few entities by fixed codes. */
    private String code(String institution, String department) {
        String key = (institution == null ? "" : institution) + "/" + (department == null ? "" : department);
        return switch (key) {
            case "Rigshospitalet/" -> DevData.RIGSHOSPITALET;
            case "Rigshospitalet/Hjertemedicinsk Klinik" -> DevData.RH_CARDIOLOGY;
            case "Rigshospitalet/Akutmodtagelsen" -> DevData.RH_EMERGENCY;
            case "Aarhus Universitetshospital/" -> DevData.AUH;
            case "Aarhus Universitetshospital/Endokrinologisk Afdeling" -> DevData.AUH_ENDOCRINOLOGY;
            case "Lægerne Vestergade/" -> DevData.GP_VESTERGADE;
            case "Region Hovedstaden/" -> DevData.REGION_HOVEDSTADEN;
            case "Region Midtjylland/" -> DevData.REGION_MIDTJYLLAND;
            default -> SorCode.danish(nextItem++);
        };
    }

    private String add(String code, String name, SorEntityType type, String parent, String region, String unitType,
                       OwnerType ownerType, String cvr, String shak, String speciality, String levelCode, String levelName,
                       String street, String postalCode, String city) {
        String ean = type == SorEntityType.INSTITUTION_OWNER ? null : gln(nextEan++);
        String ydernummer = "Almen praksis".equals(unitType) ? String.valueOf(nextYdernummer++) : null;
        entities.add(new SorOrganisation(code, name, type, parent, region, unitType, FROM, null, ownerType, cvr, ean, shak,
                ydernummer, speciality, levelCode, levelName, street, postalCode, city, null, null, null, null, null,
                1, Instant.EPOCH, "dev-seeder", null));
        return code;
    }

    /** A GS1 location number with Denmark's 579 prefix and a valid check digit. */
    private static String gln(int n) {
        String body = String.format("579000%06d", n);
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (body.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return body + (10 - sum % 10) % 10;
    }
}
