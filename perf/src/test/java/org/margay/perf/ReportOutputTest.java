package org.margay.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JSON rows (exact keys, medians, null for missing), ratio orientation and the text table. */
class ReportOutputTest {
    private static final Set<String> KEYS = Set.of("scenario", "metric", "unit", "margay", "alternative", "alternativeName", "ratio");

    private static ScenarioResult latencyAndRate() {
        ScenarioResult r = new ScenarioResult("p1", "test");
        Comparison time = r.add(new Comparison("p1-echo-shm", "rtt_p50", "us", Better.LOWER, 3));
        time.expect("linux-tcp-busy-poll", 4);
        double[] margay = {2, 3, 4};
        double[] linux = {10, 9, 16};
        for (int i = 0; i < 3; i++) {
            time.margay(i, margay[i]).alternative("linux-tcp-busy-poll", i, linux[i]);
        }
        Comparison rate = r.add(new Comparison("p4-bulk-shm-1500", "gbps", "Gbit/s", Better.HIGHER, 3));
        rate.expect("iperf3-mss1460", 1.5);
        double[] m = {20, 15, 30};
        double[] i1460 = {10, 10, 10};
        for (int i = 0; i < 3; i++) {
            rate.margay(i, m[i]).alternative("iperf3-mss1460", i, i1460[i]);
        }
        return r;
    }

    @Test
    void jsonHasExactlyTheIssuesKeysAndMedians() {
        String json = JsonReport.render(latencyAndRate().rows());
        List<?> rows = (List<?>) Json.parse(json);
        assertEquals(2, rows.size());
        for (Object o : rows) {
            assertEquals(KEYS, ((Map<?, ?>) o).keySet());
        }
        Map<?, ?> time = (Map<?, ?>) rows.get(0);
        assertEquals("p1-echo-shm", time.get("scenario"));
        assertEquals("rtt_p50", time.get("metric"));
        assertEquals("us", time.get("unit"));
        assertEquals(3.0, time.get("margay"));
        assertEquals(10.0, time.get("alternative"));
        assertEquals("linux-tcp-busy-poll", time.get("alternativeName"));
        // per-round ratios 5, 3, 4: median 4
        assertEquals(4.0, time.get("ratio"));
    }

    @Test
    void ratioIsAlternativeOverMargayForTimesAndMargayOverAlternativeForRates() {
        assertEquals(5.0, Better.LOWER.ratio(2, 10));
        assertEquals(2.0, Better.HIGHER.ratio(20, 10));
        assertTrue(Double.isNaN(Better.LOWER.ratio(Double.NaN, 1)));
        assertTrue(Double.isNaN(Better.HIGHER.ratio(1, 0)));
        Row rate = latencyAndRate().rows().get(1);
        // per round 2.0, 1.5, 3.0
        assertEquals(2.0, rate.ratio().median());
        assertEquals(1.5, rate.ratio().min());
        assertEquals(3.0, rate.ratio().max());
        assertEquals("met", rate.verdict());
    }

    @Test
    void missingRoundsDropOutOfThePairsAndNeverMeasuredIsNull() {
        Comparison c = new Comparison("s", "rtt_p99", "us", Better.LOWER, 3);
        c.expect("netty-epoll", Double.NaN);
        c.margay(0, 1).margay(1, 2).margay(2, Double.NaN);
        c.alternative("netty-epoll", 0, Double.NaN).alternative("netty-epoll", 1, 8).alternative("netty-epoll", 2, 9);
        Row row = c.rows().get(0);
        assertEquals(1, row.ratio().count());
        assertEquals(4.0, row.ratio().median());
        assertEquals("", row.verdict());

        Comparison never = new Comparison("s", "gbps", "Gbit/s", Better.HIGHER, 2).expect("iperf3-default", 1);
        never.margay(0, 1);
        Map<?, ?> json = (Map<?, ?>) ((List<?>) Json.parse(JsonReport.render(never.rows()))).get(0);
        assertTrue(json.containsKey("alternative"));
        assertNull(json.get("alternative"));
        assertNull(json.get("ratio"));
    }

    @Test
    void spreadTakesTheMedianOfPresentValues() {
        assertEquals(new Spread(2.5, 1, 4, 4), Spread.of(new double[] {4, 1, 3, 2}));
        assertEquals(new Spread(3, 3, 3, 1), Spread.of(new double[] {Double.NaN, 3}));
        assertEquals(0, Spread.of(new double[] {Double.NaN}).count());
    }

    @Test
    void jsonEscapesStrings() {
        assertEquals("\"a\\\"b\\\\c\\n\"", JsonReport.string("a\"b\\c\n"));
        assertEquals("null", JsonReport.number(Double.POSITIVE_INFINITY));
        assertEquals("3", JsonReport.number(3.0));
        assertEquals("0.25", JsonReport.number(0.25));
    }

    @Test
    void tableShowsRowsVerdictsNotesAndTheProbe() {
        ScenarioResult r = latencyAndRate();
        r.note("GCs: 0");
        r.probe(new double[] {120, 510, Double.NaN});
        String table = TextTable.render(List.of(r));
        assertTrue(table.contains("p1-echo-shm"), table);
        assertTrue(table.contains("linux-tcp-busy-poll"), table);
        assertTrue(table.contains("3.00 us (2.00-4.00)"), table);
        assertTrue(table.contains("4.00 (3.00, 5.00)"), table);
        assertTrue(table.contains("ratio >= 4.00"), table);
        assertTrue(table.contains("met"), table);
        assertTrue(table.contains("p1: GCs: 0"), table);
        assertTrue(table.contains("near (<= 250 ns) in 1 of 2 rounds"), table);
    }

    @Test
    void numbersKeepThreeSignificantDigits() {
        assertEquals("3.49", TextTable.number(3.4912));
        assertEquals("12.4", TextTable.number(12.44));
        assertEquals("364", TextTable.number(364.2));
        assertEquals("16500", TextTable.number(16500));
        assertEquals("0.551", TextTable.number(0.5512));
        assertEquals("n/a", TextTable.number(Double.NaN));
    }
}
