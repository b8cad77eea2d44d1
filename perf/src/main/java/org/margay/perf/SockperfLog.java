package org.margay.perf;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Reads {@code sockperf --full-log FILE --full-rtt}: a CSV of {@code packet, txTime(sec), rxTime(sec), rtt(usec)}
 * between summary lines. Samples sent within {@code skipSeconds} of the first are warm-up and left out.
 */
public final class SockperfLog {
    private SockperfLog() {
    }

    /** The round trips (ns) of the log's sample lines. */
    public static Histogram histogram(List<String> lines, double skipSeconds) {
        Histogram h = Latencies.newHistogram();
        double first = Double.NaN;
        for (String line : lines) {
            String[] f = line.split(",");
            if (f.length != 4) {
                continue;
            }
            double tx;
            double rttMicros;
            try {
                Long.parseLong(f[0].trim());
                tx = Double.parseDouble(f[1].trim());
                rttMicros = Double.parseDouble(f[3].trim());
            } catch (NumberFormatException e) {
                continue; // the header or a summary line
            }
            if (Double.isNaN(first)) {
                first = tx;
            }
            if (tx - first >= skipSeconds && rttMicros >= 0) {
                h.recordValue(Math.round(rttMicros * 1000));
            }
        }
        return h;
    }
}
