package dk.opennsp.security;

import java.util.regex.Pattern;

/** Danish health identifiers: OIDs and the syntax checks every adapter shares. */
public final class Identifiers {
    public static final String CPR_SYSTEM = "urn:oid:1.2.208.176.1.2";
    /** The national replacement CPR (X-eCPR), for people without a CPR number. */
    public static final String ECPR_SYSTEM = "urn:oid:1.2.208.176.1.6.1.1";
    /** Decentral replacement numbers (D-eCPR): each issuing system has its own OID under this arc. */
    public static final String DECENTRAL_ECPR_ARC = "urn:oid:1.2.208.176.1.6.1.3.";
    public static final String SOR_SYSTEM = "urn:oid:1.2.208.176.1.1";
    public static final String CVR_SYSTEM = "http://cvr.dk";
    public static final String AUTHORIZATION_SYSTEM = "urn:oid:1.2.208.176.1.3";
    public static final String ATC_SYSTEM = "http://www.whocc.no/atc";

    private static final Pattern CPR = Pattern.compile("\\d{10}");
    /** DDMMYY, century digit, two letters (usually the initials), gender digit (odd male, even female). */
    private static final Pattern ECPR = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})(\\d)([A-Z]{2})(\\d)");
    private static final Pattern SOR = Pattern.compile("\\d{6,18}");
    private static final Pattern AUTHORIZATION_CODE = Pattern.compile("[0-9A-Z]{5}");

    private Identifiers() {
    }

    /** CPR is 10 digits; the modulus-11 check is not mandatory since 2007 (eCPR numbers exist). */
    public static boolean isCpr(String value) {
        return value != null && CPR.matcher(value).matches();
    }

    /**
     * A national eCPR: the birth date must be a real date; the century digit is the hundreds digit of the
     * birth year (8 for 18xx, 9 for 19xx, 0 for 20xx).
     */
    public static boolean isEcpr(String value) {
        if (value == null) {
            return false;
        }
        java.util.regex.Matcher m = ECPR.matcher(value);
        if (!m.matches()) {
            return false;
        }
        int century = switch (m.group(4)) {
            case "8" -> 1800;
            case "9" -> 1900;
            case "0" -> 2000;
            default -> -1;
        };
        if (century < 0) {
            return false;
        }
        try {
            java.time.LocalDate.of(century + Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
            return true;
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }

    /** A citizen's identifier on the platform: a CPR number or a national eCPR (the two never look alike). */
    public static boolean isPersonId(String value) {
        return isCpr(value) || isEcpr(value);
    }

    /** The MinLog2 / DGWS {@code source} of a person identifier: {@code CPR} or {@code eCPR}. */
    public static String personIdSource(String personId) {
        return isEcpr(personId) ? "eCPR" : "CPR";
    }

    /** The FHIR identifier system of a person identifier. */
    public static String personIdSystem(String personId) {
        return isEcpr(personId) ? ECPR_SYSTEM : CPR_SYSTEM;
    }

    /**
     * Why {@code value} is not a person identifier of {@code system} (a FHIR system, or the SOAP source
     * {@code CPR} / {@code eCPR}), or null when it is. A CPR-shaped value under the eCPR system, and the
     * other way round, is told apart from plain garbage, since it is the mistake systems make.
     */
    public static String personIdProblem(String system, String value) {
        boolean ecprSystem = ECPR_SYSTEM.equals(system) || "eCPR".equals(system);
        boolean cprSystem = CPR_SYSTEM.equals(system) || "CPR".equals(system);
        if (cprSystem) {
            if (isCpr(value)) {
                return null;
            }
            return isEcpr(value) ? "'" + value + "' is an eCPR (replacement number): send it under " + ECPR_SYSTEM + " (SOAP source=\"eCPR\")"
                    : "CPR number must be exactly 10 digits";
        }
        if (ecprSystem) {
            if (isEcpr(value)) {
                return null;
            }
            return isCpr(value) ? "'" + value + "' is a CPR number: send it under " + CPR_SYSTEM + " (SOAP source=\"CPR\")"
                    : "an eCPR is the birth date DDMMYY, a century digit (8, 9 or 0), two capital letters and a gender digit, e.g. 0101909AB1";
        }
        return "a person is identified by " + CPR_SYSTEM + " (CPR) or " + ECPR_SYSTEM + " (eCPR)";
    }

    public static boolean isSorCode(String value) {
        return value != null && SOR.matcher(value).matches();
    }

    public static boolean isAuthorizationCode(String value) {
        return value != null && AUTHORIZATION_CODE.matcher(value).matches();
    }
}
