package org.margay.explain.model;

import java.util.Arrays;

/**
 * A growable list of (time, value) samples, in the order they were added (times never decrease). Adding the
 * value already last is ignored unless {@code keepRepeats}, so a gauge sampled often stays small.
 */
public final class Series {
    private final boolean keepRepeats;
    private long[] times = new long[16];
    private double[] values = new double[16];
    private int size;

    /** An empty series; {@code keepRepeats} keeps samples equal to the previous one (measurements). */
    public Series(boolean keepRepeats) {
        this.keepRepeats = keepRepeats;
    }

    /** Adds a sample; a time before the last one is raised to it (so times never decrease). */
    public void add(long timeNanos, double value) {
        if (size > 0) {
            if (!keepRepeats && values[size - 1] == value) {
                return;
            }
            timeNanos = Math.max(timeNanos, times[size - 1]);
        }
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        times[size] = timeNanos;
        values[size] = value;
        size++;
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    /** Whether there are no samples. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Time of sample {@code i}. */
    public long time(int i) {
        return times[check(i)];
    }

    /** Value of sample {@code i}. */
    public double value(int i) {
        return values[check(i)];
    }

    /** The largest value, or 0 when empty. */
    public double max() {
        double m = 0;
        for (int i = 0; i < size; i++) {
            m = Math.max(m, values[i]);
        }
        return m;
    }

    /** The last value, or {@code otherwise} when empty. */
    public double last(double otherwise) {
        return size == 0 ? otherwise : values[size - 1];
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        return i;
    }
}
