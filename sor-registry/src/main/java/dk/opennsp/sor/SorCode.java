package dk.opennsp.sor;

/**
 * SOR codes are SNOMED CT style identifiers: item number, the Danish namespace 1000016, partition
 * 00 and a Verhoeff check digit (e.g. 440081000016006). The register issues 15-digit codes; a
 * mistyped digit is caught by the check digit before it reaches the database.
 */
public final class SorCode {
    public static final String OID = "1.2.208.176.1.1";
    public static final String SYSTEM = "urn:oid:" + OID;
    private static final String DANISH_NAMESPACE_PARTITION = "100001600";

    private static final int[][] MULTIPLY = {
            {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
            {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
            {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
            {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    private static final int[][] PERMUTE = {
            {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
            {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
            {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
    private static final int[] INVERSE = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

    private SorCode() {
    }

    /** Why the value is not a SOR code, or null when it is one. */
    public static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "a SOR code is required";
        }
        if (value.length() != 15 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "a SOR code is exactly 15 digits";
        }
        if (value.charAt(0) == '0') {
            return "a SOR code does not start with 0";
        }
        if (checksum(value, 0) != 0) {
            return "the SOR code's check digit is wrong";
        }
        return null;
    }

    public static boolean isValid(String value) {
        return problem(value) == null;
    }

    /** The SOR code for a five-digit item number in the Danish namespace (demo data, tests, benchmarks). */
    public static String danish(int item) {
        if (item < 10000 || item > 99999) {
            throw new IllegalArgumentException("item number must have five digits: " + item);
        }
        String body = item + DANISH_NAMESPACE_PARTITION;
        return body + INVERSE[checksum(body, 1)];
    }

    private static int checksum(String digits, int offset) {
        int c = 0;
        for (int i = 0; i < digits.length(); i++) {
            c = MULTIPLY[c][PERMUTE[(i + offset) % 8][digits.charAt(digits.length() - 1 - i) - '0']];
        }
        return c;
    }
}
