package org.margay.explain;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.margay.explain.model.Finding;

/**
 * Frame-by-frame agreement between the analyser and tshark, per category: frames both flagged, frames only one
 * flagged; agreement = both / (both + only ours + only tshark's), 100 % when neither flagged anything.
 */
final class Agreement {
    final Map<Finding, int[]> counts = new EnumMap<>(Finding.class); // {both, oursOnly, theirsOnly}

    void add(Set<Finding> ours, Set<Finding> theirs) {
        for (Finding f : Finding.values()) {
            boolean a = ours.contains(f);
            boolean b = theirs.contains(f);
            int[] c = counts.computeIfAbsent(f, k -> new int[3]);
            if (a && b) {
                c[0]++;
            } else if (a) {
                c[1]++;
            } else if (b) {
                c[2]++;
            }
        }
    }

    void add(Agreement other) {
        other.counts.forEach((f, c) -> {
            int[] mine = counts.computeIfAbsent(f, k -> new int[3]);
            for (int i = 0; i < 3; i++) {
                mine[i] += c[i];
            }
        });
    }

    double percent(Finding f) {
        int[] c = counts.getOrDefault(f, new int[3]);
        int union = c[0] + c[1] + c[2];
        return union == 0 ? 100.0 : 100.0 * c[0] / union;
    }

    int tshark(Finding f) {
        int[] c = counts.getOrDefault(f, new int[3]);
        return c[0] + c[2];
    }

    int ours(Finding f) {
        int[] c = counts.getOrDefault(f, new int[3]);
        return c[0] + c[1];
    }

    String table() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-30s %7s %7s %7s %9s%n", "category", "tshark",
                "ours", "both", "agreement"));
        for (Finding f : Finding.values()) {
            int[] c = counts.getOrDefault(f, new int[3]);
            if (c[0] + c[1] + c[2] == 0) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "%-30s %7d %7d %7d %8.1f%%%n", f.text(), tshark(f), ours(f), c[0],
                    percent(f)));
        }
        return b.toString();
    }
}
