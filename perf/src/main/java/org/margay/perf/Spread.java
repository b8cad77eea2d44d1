package org.margay.perf;

import java.util.Arrays;

/**
 * The median, minimum and maximum of a set of repetitions, ignoring missing ones (NaN). With no value at all
 * every field is NaN and {@code count} is 0.
 *
 * @param median the median (mean of the two middle values for an even count)
 * @param min    the smallest value
 * @param max    the largest value
 * @param count  how many values were present
 */
public record Spread(double median, double min, double max, int count) {
    /** The spread of {@code values}, NaN entries left out. */
    public static Spread of(double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = present.length;
        if (n == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double median = n % 2 == 1 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2;
        return new Spread(median, present[0], present[n - 1], n);
    }

    /** Whether at least one value was present. */
    public boolean present() {
        return count > 0;
    }
}
