package dk.opennsp.sor;

import dk.opennsp.security.error.ApiException;
import dk.opennsp.sor.SorOrganisation.SorEntityType;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Field-level rules for what callers submit (REST, SOAP); every refusal names the field. */
public final class SorRules {
    private static final Pattern SHAK = Pattern.compile("[0-9A-Z]{4,7}");
    private static final Pattern EAN = Pattern.compile("[0-9]{13}");
    private static final Pattern YDERNUMMER = Pattern.compile("[0-9]{1,6}");
    private static final Pattern POSTAL_CODE = Pattern.compile("[0-9]{4}");
    private static final int MAX_SPECIALITIES = 20;

    private SorRules() {
    }

    public static String sorCode(String field, String value) {
        String problem = SorCode.problem(value);
        if (problem != null) {
            throw ApiException.badRequest(field + ": " + problem + " (got '" + shorten(value) + "')");
        }
        return value;
    }

    static String optionalSorCode(String field, String value) {
        String v = trim(value);
        return v == null ? null : sorCode(field, v);
    }

    /** What an administrator may create: a health institution under an owner, or a unit under either. */
    static SorEntityType creatableType(String value) {
        String v = trim(value);
        if (v == null) {
            return SorEntityType.ORGANISATIONAL_UNIT;
        }
        try {
            SorEntityType type = SorEntityType.valueOf(v.toUpperCase(Locale.ROOT));
            if (type != SorEntityType.INSTITUTION_OWNER) {
                return type;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the message
        }
        throw ApiException.badRequest("entityType must be HEALTH_INSTITUTION or ORGANISATIONAL_UNIT "
                + "(institution owners are the regions, municipalities and others themselves)");
    }

    /** The tree's shape: owner → health institution → unit → unit … */
    static void checkParentType(SorEntityType child, SorOrganisation parent) {
        boolean fits = switch (child) {
            case INSTITUTION_OWNER -> false;
            case HEALTH_INSTITUTION -> parent.entityType() == SorEntityType.INSTITUTION_OWNER;
            case ORGANISATIONAL_UNIT -> parent.entityType() != SorEntityType.INSTITUTION_OWNER;
        };
        if (!fits) {
            throw ApiException.unprocessable("A " + child + " cannot be placed under the " + parent.entityType() + " "
                    + parent.sorCode() + " (owner → health institution → organisational units)");
        }
    }

    static String required(String field, String value, int max) {
        String v = text(field, value, max);
        if (v == null) {
            throw ApiException.badRequest(field + " is required");
        }
        return v;
    }

    static String text(String field, String value, int max) {
        String v = trim(value);
        if (v == null) {
            return null;
        }
        if (v.length() > max) {
            throw ApiException.badRequest(field + " is limited to " + max + " characters");
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(field + " must not contain control characters");
        }
        return v;
    }

    static String matching(String field, String value, Pattern pattern, String expected) {
        String v = trim(value);
        if (v != null && !pattern.matcher(v).matches()) {
            throw ApiException.badRequest(field + " must be " + expected + " (got '" + shorten(v) + "')");
        }
        return v;
    }

    static String shak(String value) {
        return matching("shakCode", value, SHAK, "4 to 7 upper-case letters or digits (e.g. 1301011)");
    }

    static String ydernummer(String value) {
        return matching("ydernummer", value, YDERNUMMER, "1 to 6 digits");
    }

    /** EAN location numbers are GS1 GLNs: 13 digits, the last a mod-10 check digit. */
    static String ean(String value) {
        String v = matching("eanLocationNumber", value, EAN, "13 digits");
        if (v != null) {
            int sum = 0;
            for (int i = 0; i < 12; i++) {
                sum += (v.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
            }
            if ((10 - sum % 10) % 10 != v.charAt(12) - '0') {
                throw ApiException.badRequest("eanLocationNumber: the GS1 check digit is wrong");
            }
        }
        return v;
    }

    static String specialities(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > MAX_SPECIALITIES) {
            throw ApiException.badRequest("specialities: at most " + MAX_SPECIALITIES + " entries");
        }
        StringBuilder joined = new StringBuilder();
        for (String s : values) {
            String v = required("specialities[]", s, 100);
            if (v.contains(SorOrganisation.SPECIALITY_SEPARATOR)) {
                throw ApiException.badRequest("specialities[] must not contain '" + SorOrganisation.SPECIALITY_SEPARATOR + "'");
            }
            joined.append(joined.isEmpty() ? "" : SorOrganisation.SPECIALITY_SEPARATOR).append(v);
        }
        return joined.toString();
    }

    static SorAddress address(String field, SorAddress a) {
        if (a == null) {
            return new SorAddress(null, null, null, null);
        }
        return new SorAddress(text(field + ".street", a.street(), 200),
                matching(field + ".postalCode", a.postalCode(), POSTAL_CODE, "4 digits"),
                text(field + ".city", a.city(), 100), null);
    }

    public static LocalDate date(String field, String value) {
        String v = trim(value);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + " must be a date such as 2026-01-31 (got '" + shorten(v) + "')");
        }
    }

    /** An instant with a zone (FHIR _since, export since); null stays null. */
    public static java.time.Instant instant(String field, String value) {
        return dk.opennsp.security.http.RequestValues.instant(field, value);
    }

    static void checkPeriod(LocalDate from, LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw ApiException.unprocessable("toDate " + to + " is before fromDate " + from);
        }
    }

    static String trim(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String shorten(String value) {
        return value == null ? "" : value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
