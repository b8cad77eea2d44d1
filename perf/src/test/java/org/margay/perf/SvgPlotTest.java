package org.margay.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The hand-written SVG: balanced tags, one CDF path per latency variant, one bar per measured rate, escaped text. */
class SvgPlotTest {
    private static final Pattern TAG = Pattern.compile("<(/?)([a-z]+)([^<>]*?)(/?)>");

    /** Checks the tags nest and counts elements by name (the module does not read java.xml). */
    private static java.util.Map<String, Integer> balancedElements(String svg) {
        Deque<String> open = new ArrayDeque<>();
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        Matcher m = TAG.matcher(svg);
        int end = 0;
        while (m.find()) {
            String between = svg.substring(end, m.start());
            assertTrue(!between.contains("<") && !between.contains(">"), "stray angle bracket: " + between);
            end = m.end();
            String name = m.group(2);
            if (m.group(1).isEmpty()) {
                counts.merge(name, 1, Integer::sum);
                if (m.group(4).isEmpty()) {
                    open.push(name);
                }
            } else {
                assertEquals(open.pop(), name, "closing tag");
            }
        }
        assertTrue(open.isEmpty(), "unclosed: " + open);
        return counts;
    }

    @Test
    void drawsACdfPerVariantAndBarsWithWhiskers() {
        ScenarioResult echo = new ScenarioResult("p1", "P1 <echo> & more");
        for (String v : new String[] {"margay-shm", "linux-tcp-busy-poll", "java-shm-floor"}) {
            Histogram h = Latencies.newHistogram();
            for (int i = 1; i <= 1000; i++) {
                h.recordValue(v.length() * 100L * i);
            }
            echo.latency(v, h);
        }
        ScenarioResult bulk = new ScenarioResult("p4", "bulk");
        Comparison c = bulk.add(new Comparison("p4-bulk-shm-1500", "gbps", "Gbit/s", Better.HIGHER, 2))
                .expect("iperf3-mss1460", 1.5).expect("iperf3-default", Double.NaN);
        c.margay(0, 20).margay(1, 22).alternative("iperf3-mss1460", 0, 11).alternative("iperf3-mss1460", 1, 12);
        String svg = SvgPlot.render(List.of(echo, bulk));
        java.util.Map<String, Integer> counts = balancedElements(svg);
        assertEquals(1, counts.get("svg"));
        assertEquals(3, counts.get("path"));
        int bars = 0;
        for (int i = svg.indexOf("opacity=\"0.85\""); i >= 0; i = svg.indexOf("opacity=\"0.85\"", i + 1)) {
            bars++;
        }
        assertEquals(2, bars, "margay and iperf3-mss1460; iperf3-default was never measured");
        assertTrue(svg.contains("P1 &lt;echo&gt; &amp; more"));
        assertTrue(svg.contains("n/a"));
    }

    @Test
    void emptyResultsStillMakeAValidDocument() {
        assertEquals(1, balancedElements(SvgPlot.render(List.of())).get("svg"));
    }

    @Test
    void ninesAndNiceCeilings() {
        assertEquals(0, SvgPlot.nines(0), 1e-9);
        assertEquals(1, SvgPlot.nines(90), 1e-9);
        assertEquals(2, SvgPlot.nines(99), 1e-9);
        assertEquals(4, SvgPlot.nines(100), 1e-9);
        assertEquals(20, SvgPlot.niceCeiling(16.5), 1e-9);
        assertEquals(50, SvgPlot.niceCeiling(31), 1e-9);
        assertEquals(1, SvgPlot.niceCeiling(1), 1e-9);
    }
}
