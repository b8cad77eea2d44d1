package org.margay.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table {@code margay bench} prints: per row the scenario, the metric, Margay's median (min–max), the
 * alternative's median (min–max) and name, and the per-round ratio median (min, max), then the target and
 * whether it was met. Under each scenario come its notes and the cache-line probe of its rounds, so that the
 * near/far vCPU placement can be read beside each pair.
 */
public final class TextTable {
    private TextTable() {
    }

    /** The whole report for {@code results}. */
    public static String render(List<ScenarioResult> results) {
        StringBuilder out = new StringBuilder();
        String[] header = {"scenario", "metric", "Margay median (min-max)", "alternative median (min-max)",
            "alternative", "ratio median (min, max)", "target", "verdict"};
        List<String[]> lines = new ArrayList<>();
        lines.add(header);
        for (ScenarioResult r : results) {
            for (Row row : r.rows()) {
                lines.add(cells(row));
            }
        }
        int[] widths = new int[header.length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                widths[i] = Math.max(widths[i], l[i].length());
            }
        }
        int index = 1;
        appendLine(out, header, widths);
        StringBuilder rule = new StringBuilder();
        for (int w : widths) {
            rule.append("-".repeat(w)).append("  ");
        }
        out.append(rule.toString().stripTrailing()).append('\n');
        for (ScenarioResult r : results) {
            for (int i = 0; i < r.rows().size(); i++) {
                appendLine(out, lines.get(index++), widths);
            }
            for (String note : r.notes()) {
                out.append("    ").append(r.name()).append(": ").append(note).append('\n');
            }
            String probe = probeLine(r.probeNanos());
            if (!probe.isEmpty()) {
                out.append("    ").append(r.name()).append(": ").append(probe).append('\n');
            }
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(pad(cells[i], widths[i])).append("  ");
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    /** The cells of one row. */
    static String[] cells(Row row) {
        String target = Double.isNaN(row.targetRatio()) ? "" : "ratio >= " + number(row.targetRatio());
        return new String[] {
            row.scenario(), row.metric(), spread(row.margay(), row.unit()), spread(row.alternative(), row.unit()),
            row.alternativeName(), ratio(row.ratio()), target, row.verdict()};
    }

    /** "12.3 us (11.9-13.0)", or "n/a" when nothing was measured. */
    static String spread(Spread s, String unit) {
        if (!s.present()) {
            return "n/a";
        }
        return number(s.median()) + " " + unit + " (" + number(s.min()) + "-" + number(s.max()) + ")";
    }

    /** "4.12 (3.90, 4.40)". */
    static String ratio(Spread s) {
        if (!s.present()) {
            return "n/a";
        }
        return number(s.median()) + " (" + number(s.min()) + ", " + number(s.max()) + ")";
    }

    /** Three significant digits, plain notation for ordinary magnitudes. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1000 || a < 0.001) {
            return a >= 1e7 || a < 0.001 ? String.format(Locale.ROOT, "%.3g", v) : String.format(Locale.ROOT, "%.0f", v);
        }
        int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** "probe (ns per cache-line crossing, per round): 131 482 127 ... ; near (<= 250 ns) in 3 of 5 rounds". */
    static String probeLine(double[] probe) {
        if (probe.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder("placement probe, ns per cache-line crossing per round:");
        int near = 0;
        int measured = 0;
        for (double p : probe) {
            b.append(' ').append(number(p));
            if (!Double.isNaN(p)) {
                measured++;
                if (p <= PlacementProbe.NEAR_NANOS) {
                    near++;
                }
            }
        }
        return b.append("; near (<= ").append((int) PlacementProbe.NEAR_NANOS).append(" ns) in ").append(near)
                .append(" of ").append(measured).append(" rounds").toString();
    }
}
