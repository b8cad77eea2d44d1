package org.margay.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small JSON reader, JMH's result file, iperf3's report, /proc/net/tcp and option selection. */
class ParsingTest {
    @Test
    void jsonReadsWhatJmhAndIperfWrite() {
        Object v = Json.parse("{\"a\": [1, 2.5e3, -0.5], \"b\": {\"c\": \"x\\u0041\\n\"}, \"t\": true, \"n\": null, \"nan\": NaN}");
        assertEquals(2500.0, Json.number(v, "a", "1"));
        assertEquals("xA\n", Json.at(v, "b", "c"));
        assertEquals(Boolean.TRUE, Json.at(v, "t"));
        assertTrue(Double.isNaN(Json.number(v, "nan")));
        assertTrue(Double.isNaN(Json.number(v, "missing", "x")));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1,}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1 2]"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("\"open"));
    }

    @Test
    void jmhResultsGiveIterationsAndAllocation() {
        String json = """
                [ {
                  "benchmark" : "org.margay.bench.stack.TcpReceiveBench.receive",
                  "mode" : "avgt",
                  "params" : { "payload" : "64" },
                  "primaryMetric" : { "score" : 75.0, "scoreUnit" : "ns/op",
                    "rawData" : [ [ 74.0, 76.0, 75.0, 73.0, 77.0 ] ] },
                  "secondaryMetrics" : { "\u00b7gc.alloc.rate" : { "score" : 0.01 },
                    "\u00b7gc.alloc.rate.norm" : { "score" : 0.006, "scoreUnit" : "B/op" } }
                } ]""";
        List<JmhRun.Result> r = JmhRun.parse(json);
        assertEquals(1, r.size());
        assertEquals("TcpReceiveBench.receive payload=64", r.get(0).label());
        assertEquals(5, r.get(0).iterations().length);
        assertEquals(0.006, r.get(0).allocBytesPerOp(), 1e-12);
        assertEquals("ns/op", r.get(0).unit());
    }

    @Test
    void procNetTcpListeningSockets() {
        List<String> lines = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1451 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",
                "   1: 0100007F:1452 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1");
        assertTrue(Ports.listening(lines, 0x1451));
        assertFalse(Ports.listening(lines, 0x1452)); // established, not listening
        assertFalse(Ports.listening(lines, 0x1453));
    }

    @Test
    void bulkFiguresInGbitPerSecond() {
        assertEquals(8.0, BulkScenario.gbps(Map.of("bytes", "2000000000", "nanos", "2000000000")), 1e-9);
        assertEquals(11.6, BulkScenario.gbps(Map.of("gbps", "11.6")), 1e-9);
        assertTrue(Double.isNaN(BulkScenario.gbps(null)));
        assertTrue(Double.isNaN(BulkScenario.gbps(Map.of())));
    }

    @Test
    void scenarioSelectionAndDefaults() {
        BenchOptions all = new BenchOptions(false, List.of(), 5, null, null, null, false, java.nio.file.Path.of("/tmp"));
        assertTrue(all.selects("p1", true));
        assertFalse(all.selects("p3", false));
        BenchOptions some = new BenchOptions(true, List.of("P3", "p1"), 5, null, null, null, false, java.nio.file.Path.of("/tmp"));
        assertTrue(some.selects("p1", true));
        assertTrue(some.selects("p3", false));
        assertFalse(some.selects("p4", true));
        assertFalse(new JmhScenario().inDefaultSet(some));
        assertTrue(new JmhScenario().inDefaultSet(all));
        assertThrows(IllegalArgumentException.class,
                () -> new BenchOptions(false, List.of(), 0, null, null, null, false, java.nio.file.Path.of("/tmp")));
    }
}
