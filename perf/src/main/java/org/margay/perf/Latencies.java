package org.margay.perf;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Round-trip times in an HdrHistogram (nanoseconds, 3 significant digits, up to 60 s) and the figures taken from
 * it: percentiles in microseconds, the CDF drawn by {@link SvgPlot}, and the compressed form a child process prints
 * on its standard output ({@link #encode}/{@link #decode}).
 *
 * <p>Percentiles are HdrHistogram's {@code getValueAtPercentile}: the smallest recorded value (to the histogram's
 * precision) at or below which {@code p} per cent of the samples lie, reported as the bucket's highest equivalent
 * value.
 */
public final class Latencies {
    /** Largest trackable round trip: 60 s in nanoseconds. */
    public static final long HIGHEST_NANOS = 60_000_000_000L;
    /** Significant decimal digits kept (0.1 % value error). */
    public static final int DIGITS = 3;
    /** Percentiles the CDF is drawn through. */
    private static final double[] CDF_PERCENTILES = {
        0, 1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97, 98, 99, 99.5, 99.7, 99.9, 99.95, 99.99, 100};

    private Latencies() {
    }

    /** A new empty histogram of the shape every scenario uses. */
    public static Histogram newHistogram() {
        return new Histogram(HIGHEST_NANOS, DIGITS);
    }

    /** The {@code percentile} (0..100) of {@code h} in microseconds; NaN for an empty histogram. */
    public static double percentileMicros(Histogram h, double percentile) {
        if (h.getTotalCount() == 0) {
            return Double.NaN;
        }
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Points of the CDF of {@code h}: {@code [i][0]} the value in µs, {@code [i][1]} the percentile. */
    public static double[][] cdf(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new double[0][];
        }
        double[][] points = new double[CDF_PERCENTILES.length][];
        for (int i = 0; i < CDF_PERCENTILES.length; i++) {
            double p = CDF_PERCENTILES[i];
            long v = p == 0 ? h.getMinValue() : h.getValueAtPercentile(p);
            points[i] = new double[] {v / 1000.0, p};
        }
        return points;
    }

    /** The compressed histogram, base64 on one line. */
    public static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Reads what {@link #encode} wrote; throws {@link IllegalArgumentException} for anything else. */
    public static Histogram decode(String text) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(text.trim())), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded histogram: " + e.getMessage(), e);
        }
    }
}
