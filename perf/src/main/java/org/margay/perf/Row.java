package org.margay.perf;

/**
 * One line of the result table and one object of the JSON report: a metric of a scenario for Margay beside one
 * alternative, over the interleaved rounds.
 *
 * @param scenario        the scenario ({@code p1-echo-shm}, ...)
 * @param metric          the metric ({@code rtt_p50}, {@code gbps}, ...)
 * @param unit            the unit of {@code margay} and {@code alternative} ({@code us}, {@code Gbit/s}, ...)
 * @param better          which way the metric improves
 * @param margay          Margay's values over the rounds
 * @param alternativeName the alternative and its mode ({@code linux-tcp-busy-poll}, ..., or {@code target} when
 *                        the issue gives a figure to meet instead of something to run)
 * @param alternative     the alternative's values over the rounds
 * @param ratio           the per-round ratios, oriented so that above 1 is better for Margay
 * @param targetRatio     the ratio the issue asks for (NaN for none)
 */
public record Row(String scenario, String metric, String unit, Better better, Spread margay, String alternativeName,
                  Spread alternative, Spread ratio, double targetRatio) {

    /** "met", "missed" or "" when there is no target or no ratio. */
    public String verdict() {
        if (Double.isNaN(targetRatio) || !ratio.present()) {
            return "";
        }
        return ratio.median() >= targetRatio ? "met" : "missed";
    }
}
