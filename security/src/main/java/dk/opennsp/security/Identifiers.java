package dk.opennsp.security;

import java.util.regex.Pattern;

/** Danish health identifiers: OIDs and the syntax checks every adapter shares. */
public final class Identifiers {
    public static final String CPR_SYSTEM = "urn:oid:1.2.208.176.1.2";
    public static final String SOR_SYSTEM = "urn:oid:1.2.208.176.1.1";
    public static final String CVR_SYSTEM = "http://cvr.dk";
    public static final String AUTHORIZATION_SYSTEM = "urn:oid:1.2.208.176.1.3";
    public static final String ATC_SYSTEM = "http://www.whocc.no/atc";

    private static final Pattern CPR = Pattern.compile("\\d{10}");
    private static final Pattern SOR = Pattern.compile("\\d{6,18}");
    private static final Pattern AUTHORIZATION_CODE = Pattern.compile("[0-9A-Z]{5}");

    private Identifiers() {
    }

    /** CPR is 10 digits; the modulus-11 check is not mandatory since 2007 (eCPR numbers exist). */
    public static boolean isCpr(String value) {
        return value != null && CPR.matcher(value).matches();
    }

    public static boolean isSorCode(String value) {
        return value != null && SOR.matcher(value).matches();
    }

    public static boolean isAuthorizationCode(String value) {
        return value != null && AUTHORIZATION_CODE.matcher(value).matches();
    }
}
