package dk.opennsp.services.soap;

import java.time.LocalDate;

/**
 * Birth date and sex as the CPR number encodes them (DDMMYY-SSSS: the 7th digit gives the century,
 * an odd last digit is male). eCPR replacement numbers do not follow this; they fall back to a
 * plain reading of the date digits.
 */
final class CprFacts {
    private CprFacts() {
    }

    static LocalDate birthDate(String cpr) {
        int day = Integer.parseInt(cpr.substring(0, 2));
        int month = Integer.parseInt(cpr.substring(2, 4));
        int year = Integer.parseInt(cpr.substring(4, 6));
        int seventh = cpr.charAt(6) - '0';
        int century;
        if (seventh <= 3) {
            century = 1900;
        } else if (seventh == 4 || seventh == 9) {
            century = year <= 36 ? 2000 : 1900;
        } else {
            century = year <= 57 ? 2000 : 1800;
        }
        try {
            LocalDate date = LocalDate.of(century + year, month, day);
            return date.isBefore(LocalDate.of(1890, 1, 1)) ? LocalDate.of(1890, 1, 1) : date;
        } catch (java.time.DateTimeException notADate) {
            return LocalDate.of(1900 + year, 1, 1);
        }
    }

    static boolean isMale(String cpr) {
        return (cpr.charAt(9) - '0') % 2 == 1;
    }
}
