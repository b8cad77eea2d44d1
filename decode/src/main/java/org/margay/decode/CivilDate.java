package org.margay.decode;

/**
 * Days since 1970-01-01 to a proleptic-Gregorian {@code YYYY-MM-DD}, by arithmetic alone (H. Hinnant's
 * "civil_from_days"), so that any day count a capture can carry is printable: {@code java.time} refuses
 * years beyond ±1,000,000,000. Years print with at least four digits and a minus sign before year 0.
 */
final class CivilDate {
    private static final long DAYS_PER_ERA = 146_097L; // 400 Gregorian years
    private static final long SHIFT_TO_MARCH_0000 = 719_468L; // days from 0000-03-01 to 1970-01-01

    private CivilDate() {
    }

    /** Appends the date of {@code epochDay} and returns {@code out}. */
    static StringBuilder append(StringBuilder out, long epochDay) {
        // The shift cannot overflow: |epochDay| <= 2^63 / 86,400 for any long seconds.
        long z = epochDay + SHIFT_TO_MARCH_0000;
        long era = Math.floorDiv(z, DAYS_PER_ERA);
        long dayOfEra = z - era * DAYS_PER_ERA;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthIndex = (5 * dayOfYear + 2) / 153; // 0 = March
        int day = (int) (dayOfYear - (153 * monthIndex + 2) / 5 + 1);
        int month = (int) (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        String y = Long.toString(Math.abs(year));
        if (year < 0) {
            out.append('-');
        }
        out.repeat('0', Math.max(0, 4 - y.length())).append(y).append('-');
        if (month < 10) {
            out.append('0');
        }
        out.append(month).append('-');
        if (day < 10) {
            out.append('0');
        }
        return out.append(day);
    }
}
