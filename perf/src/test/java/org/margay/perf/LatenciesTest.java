package org.margay.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Percentile extraction from HdrHistogram, the CDF points, the wire form, and sockperf's log. */
class LatenciesTest {
    @Test
    void percentilesComeOutInMicrosecondsWithinTheHistogramsPrecision() {
        Histogram h = Latencies.newHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 1000L); // 1 .. 1000 us
        }
        assertEquals(500, Latencies.percentileMicros(h, 50), 500 * 0.001);
        assertEquals(990, Latencies.percentileMicros(h, 99), 990 * 0.001);
        assertEquals(1000, Latencies.percentileMicros(h, 100), 1000 * 0.001);
        assertTrue(Double.isNaN(Latencies.percentileMicros(Latencies.newHistogram(), 50)));
    }

    @Test
    void aTailShowsOnlyAboveItsPercentile() {
        Histogram h = Latencies.newHistogram();
        h.recordValueWithCount(2_000, 990); // 2 us
        h.recordValueWithCount(300_000, 10); // 300 us
        assertEquals(2.0, Latencies.percentileMicros(h, 50), 0.01);
        assertEquals(2.0, Latencies.percentileMicros(h, 99), 0.01);
        assertEquals(300, Latencies.percentileMicros(h, 99.5), 0.3);
    }

    @Test
    void encodeDecodeKeepsEveryCount() {
        Histogram h = Latencies.newHistogram();
        h.recordValueWithCount(3_500, 1000);
        h.recordValue(4_100_000);
        Histogram back = Latencies.decode(Latencies.encode(h));
        assertEquals(h.getTotalCount(), back.getTotalCount());
        assertEquals(h.getValueAtPercentile(99.95), back.getValueAtPercentile(99.95));
        assertThrows(IllegalArgumentException.class, () -> Latencies.decode("not base64 at all!"));
    }

    @Test
    void cdfIsMonotoneAndEndsAtTheMaximum() {
        Histogram h = Latencies.newHistogram();
        for (int i = 1; i <= 10_000; i++) {
            h.recordValue(1000 + i * 7L);
        }
        double[][] cdf = Latencies.cdf(h);
        for (int i = 1; i < cdf.length; i++) {
            assertTrue(cdf[i][0] >= cdf[i - 1][0]);
            assertTrue(cdf[i][1] > cdf[i - 1][1]);
        }
        assertEquals(100, cdf[cdf.length - 1][1]);
        assertEquals(0, Latencies.cdf(Latencies.newHistogram()).length);
    }

    @Test
    void sockperfFullLogSamplesAfterTheSkip() {
        List<String> log = List.of("------------------------------", "sockperf: ---> percentile 50.000 =   12.633",
                "packet, txTime(sec), rxTime(sec), rtt(usec)", "0, 2.0, 2.000015, 15.000", "1, 2.5, 2.500012, 12.000",
                "2, 3.1, 3.100013, 13.000", "------------------------------");
        Histogram all = SockperfLog.histogram(log, 0);
        assertEquals(3, all.getTotalCount());
        Histogram late = SockperfLog.histogram(log, 1.0);
        assertEquals(1, late.getTotalCount());
        assertEquals(13.0, Latencies.percentileMicros(late, 50), 0.02);
    }
}
