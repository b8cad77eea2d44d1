package org.margay.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The measured seconds-per-pass of one scenario (one value per JMH iteration or per timed process run), with the
 * order statistics the runner prints. {@code packets} is how many packets one pass handles.
 *
 * <p>Invariant: at least one sample; samples are positive seconds. Percentiles use the nearest-rank method, and
 * {@link #p90()} is only meaningful with 10 or more samples ({@link #hasP90()}).
 */
public record Samples(String scenario, long packets, double[] seconds) {
    /** Fewer samples than this make a 90th percentile just the maximum. */
    public static final int MIN_FOR_P90 = 10;

    public Samples {
        if (seconds.length == 0) {
            throw new IllegalArgumentException(scenario + ": no samples");
        }
        seconds = seconds.clone();
        Arrays.sort(seconds);
    }

    /** Samples from throughputs in packets per second (JMH scores), turned into seconds per pass. */
    public static Samples fromThroughputs(String scenario, long packets, List<Double> packetsPerSecond) {
        double[] s = new double[packetsPerSecond.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = packets / packetsPerSecond.get(i);
        }
        return new Samples(scenario, packets, s);
    }

    public int runs() {
        return seconds.length;
    }

    public double median() {
        int n = seconds.length;
        return n % 2 == 1 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2;
    }

    public double min() {
        return seconds[0];
    }

    public double max() {
        return seconds[seconds.length - 1];
    }

    public boolean hasP90() {
        return seconds.length >= MIN_FOR_P90;
    }

    /** The nearest-rank 90th percentile of the seconds (the slow side). */
    public double p90() {
        int rank = (int) Math.ceil(0.9 * seconds.length);
        return seconds[Math.max(0, rank - 1)];
    }

    /** Packets per second at the median time. */
    public double medianRate() {
        return packets / median();
    }

    /** Packets per second of the fastest pass. */
    public double bestRate() {
        return packets / min();
    }

    /** Packets per second of the slowest pass. */
    public double worstRate() {
        return packets / max();
    }
}
