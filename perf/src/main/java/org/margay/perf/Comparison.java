package org.margay.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One scenario's metric measured for Margay and for each alternative, round by round: round {@code i} of Margay
 * and round {@code i} of an alternative ran next to each other (interleaved), so their ratio is taken per round
 * and then summarised. A missing measurement is NaN and drops that round's pair.
 *
 * <p>Cold path; not thread-safe.
 */
public final class Comparison {
    private final String scenario;
    private final String metric;
    private final String unit;
    private final Better better;
    private final double[] margay;
    private final Map<String, double[]> alternatives = new LinkedHashMap<>();
    private final Map<String, Double> targets = new LinkedHashMap<>();

    /** A comparison over {@code rounds} rounds, every value missing until recorded. */
    public Comparison(String scenario, String metric, String unit, Better better, int rounds) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.metric = Objects.requireNonNull(metric, "metric");
        this.unit = Objects.requireNonNull(unit, "unit");
        this.better = Objects.requireNonNull(better, "better");
        if (rounds < 1) {
            throw new IllegalArgumentException("need at least one round, got " + rounds);
        }
        this.margay = nans(rounds);
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /** Records Margay's value in {@code round}. */
    public Comparison margay(int round, double value) {
        margay[round] = value;
        return this;
    }

    /** Records the value of the alternative {@code name} in {@code round}. */
    public Comparison alternative(String name, int round, double value) {
        alternatives.computeIfAbsent(name, k -> nans(margay.length))[round] = value;
        return this;
    }

    /**
     * Declares the alternative {@code name} (so that it gets a row even if it never ran) with the ratio the issue
     * asks of Margay against it ({@code NaN} for none): for example 4 for "p50 at most 1/4 of the kernel's".
     */
    public Comparison expect(String name, double targetRatio) {
        alternatives.computeIfAbsent(name, k -> nans(margay.length));
        targets.put(name, targetRatio);
        return this;
    }

    /** One row per alternative, in the order they were first named. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> e : alternatives.entrySet()) {
            double[] alt = e.getValue();
            double[] ratios = new double[margay.length];
            for (int i = 0; i < margay.length; i++) {
                ratios[i] = better.ratio(margay[i], alt[i]);
            }
            rows.add(new Row(scenario, metric, unit, better, Spread.of(margay), e.getKey(), Spread.of(alt),
                    Spread.of(ratios), targets.getOrDefault(e.getKey(), Double.NaN)));
        }
        return rows;
    }

    /** The scenario's name. */
    public String scenario() {
        return scenario;
    }

    /** The metric's name. */
    public String metric() {
        return metric;
    }
}
