package org.margay.explain.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, at most a given number of them. */
final class Ticks {
    private Ticks() {
    }

    /** Tick values in [min, max], at most {@code most} of them (at least two when the range is not empty). */
    static List<Double> between(double min, double max, int most) {
        List<Double> out = new ArrayList<>();
        if (!(max > min) || most < 2) {
            out.add(min);
            return out;
        }
        double step = step(max - min, most);
        double first = Math.ceil(min / step - 1e-9) * step;
        for (double v = first; v <= max + step * 1e-9; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return out;
    }

    /** The smallest nice step that cuts {@code range} into at most {@code most - 1} intervals. */
    static double step(double range, int most) {
        double raw = range / Math.max(1, most - 1);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw - 1e-12) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** A duration tick: "0", "250 ms", "1.5 s" (nanoseconds in, the unit chosen from {@code step}). */
    static String time(double nanos, double step) {
        if (nanos == 0) {
            return "0";
        }
        if (step >= 1e9 || Math.abs(nanos) >= 1e10) {
            return trim(nanos / 1e9, step / 1e9) + " s";
        }
        if (step >= 1e6) {
            return trim(nanos / 1e6, step / 1e6) + " ms";
        }
        return trim(nanos / 1e3, step / 1e3) + " µs";
    }

    /** A byte count tick: "0", "64 K", "1.5 M" (powers of 1000, like the rest of the output). */
    static String bytes(double v, double step) {
        if (v == 0) {
            return "0";
        }
        if (step >= 1e6 || Math.abs(v) >= 1e7) {
            return trim(v / 1e6, step / 1e6) + " MB";
        }
        if (step >= 1e3 || Math.abs(v) >= 1e4) {
            return trim(v / 1e3, step / 1e3) + " KB";
        }
        return trim(v, step) + " B";
    }

    private static String trim(double v, double step) {
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%." + Math.min(6, decimals) + "f", v);
    }
}
