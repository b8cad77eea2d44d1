package org.margay.perf;

/**
 * Which way a metric improves, which fixes how its ratio is oriented: the ratios are always "higher is
 * better for Margay", so a time divides the alternative by Margay and a rate divides Margay by the alternative.
 */
public enum Better {
    /** Times, bytes per connection, allocation: smaller is better; ratio = alternative / Margay. */
    LOWER,
    /** Rates (Gbit/s, connections/s): larger is better; ratio = Margay / alternative. */
    HIGHER;

    /**
     * The ratio of one interleaved pair, oriented so that above 1 means Margay did better. NaN when either side
     * is missing (NaN) or the divisor is zero.
     */
    public double ratio(double margay, double alternative) {
        if (Double.isNaN(margay) || Double.isNaN(alternative)) {
            return Double.NaN;
        }
        double numerator = this == LOWER ? alternative : margay;
        double denominator = this == LOWER ? margay : alternative;
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }
}
