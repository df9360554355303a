package dk.opennsp.ecpr;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a national eCPR is formed, as the national service issues them: the birth date DDMMYY, a century
 * digit (the hundreds digit of the birth year: 8, 9 or 0), two letters (the initials when they are free)
 * and a gender digit (odd for a man, even for a woman). {@link #candidates} lists, in the order they are
 * tried, every number a person may get; the registry takes the first one nobody has.
 */
public final class EcprNumbers {
    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private EcprNumbers() {
    }

    public enum Gender {
        MALE, FEMALE;

        String digits() {
            return this == MALE ? "13579" : "02468";
        }
    }

    /** Every eCPR this person may get, best first: their initials with each gender digit, then other letters. */
    public static List<String> candidates(LocalDate birthDate, Gender gender, String givenName, String familyName) {
        int year = birthDate.getYear();
        if (year < 1800 || year > 2099) {
            throw new IllegalArgumentException("the birth year must be 1800-2099");
        }
        String prefix = String.format(Locale.ROOT, "%02d%02d%02d%d", birthDate.getDayOfMonth(), birthDate.getMonthValue(),
                year % 100, (year / 100) % 10);
        char first = initial(givenName);
        char last = initial(familyName);
        Set<String> letterPairs = new LinkedHashSet<>();
        letterPairs.add("" + first + last);
        for (char c : LETTERS.toCharArray()) {
            letterPairs.add("" + first + c);
        }
        for (char a : LETTERS.toCharArray()) {
            for (char b : LETTERS.toCharArray()) {
                letterPairs.add("" + a + b);
            }
        }
        List<String> all = new ArrayList<>(letterPairs.size() * 5);
        for (String pair : letterPairs) {
            for (char digit : gender.digits().toCharArray()) {
                all.add(prefix + pair + digit);
            }
        }
        return all;
    }

    /** The first letter of a name as A-Z: Æ is A, Ø is O, Å is A, accents dropped; X when there is none. */
    static char initial(String name) {
        if (name == null) {
            return 'X';
        }
        String n = name.trim().toUpperCase(Locale.ROOT).replace("Æ", "A").replace("Ø", "O").replace("Å", "A");
        n = Normalizer.normalize(n, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        for (char c : n.toCharArray()) {
            if (c >= 'A' && c <= 'Z') {
                return c;
            }
        }
        return 'X';
    }
}
