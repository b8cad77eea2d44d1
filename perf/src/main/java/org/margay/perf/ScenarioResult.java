package org.margay.perf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one scenario produced: its comparisons (the table's rows), notes for the reader (skipped variants and why,
 * what was measured how), the cache-line probe taken before each round, and for latency scenarios each variant's
 * round trips merged over the rounds (for the CDF plot). Cold path; not thread-safe.
 */
public final class ScenarioResult {
    private final String name;
    private final String title;
    private final List<Comparison> comparisons = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Histogram> latencies = new LinkedHashMap<>();
    private double[] probeNanos = new double[0];

    /** An empty result for the scenario {@code name}, shown with {@code title}. */
    public ScenarioResult(String name, String title) {
        this.name = name;
        this.title = title;
    }

    /** Adds a comparison; returns it. */
    public Comparison add(Comparison c) {
        comparisons.add(c);
        return c;
    }

    /** Adds a line for the reader. */
    public void note(String line) {
        notes.add(line);
    }

    /** Merges {@code h} into the variant's latency histogram. */
    public void latency(String variant, Histogram h) {
        Histogram merged = latencies.computeIfAbsent(variant, k -> Latencies.newHistogram());
        merged.add(h);
    }

    /** Records the probe's nanoseconds per cache-line crossing in each round (NaN where it failed). */
    public void probe(double[] nanosPerRound) {
        probeNanos = nanosPerRound.clone();
    }

    /** The scenario's name (what {@code --scenario} selects by prefix). */
    public String name() {
        return name;
    }

    /** A one-line human title. */
    public String title() {
        return title;
    }

    /** Every row of every comparison. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Comparison c : comparisons) {
            rows.addAll(c.rows());
        }
        return rows;
    }

    /** The notes in order. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Latency histograms by variant, in the order first recorded. */
    public Map<String, Histogram> latencies() {
        return latencies;
    }

    /** The probe per round (may be empty). */
    public double[] probeNanos() {
        return Arrays.copyOf(probeNanos, probeNanos.length);
    }
}
