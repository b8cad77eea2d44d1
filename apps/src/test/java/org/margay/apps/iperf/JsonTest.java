package org.margay.apps.iperf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** The small JSON reader: iperf3's documents, edge cases, and garbage that only ever raises JsonException. */
class JsonTest {
    @Test
    void iperfParametersParse() {
        IperfParameters p = IperfParameters.parse("{\"tcp\":true,\"omit\":0,\"time\":10,\"num\":0,\"blockcount\":0,"
                + "\"parallel\":2,\"reverse\":true,\"len\":131072,\"pacing_timer\":1000,\"client_version\":\"3.12\"}");
        assertEquals(2, p.parallel());
        assertEquals(true, p.reverse());
        assertEquals(131072, p.blockSize());
        assertEquals(10.0, p.seconds());
        assertEquals(null, p.unsupported());
        assertEquals(0, p.byteLimit());
        assertEquals(5 * 131072L, IperfParameters.parse("{\"tcp\":true,\"blockcount\":5}").byteLimit());
        assertEquals("UDP tests are not supported", IperfParameters.parse("{\"udp\":true}").unsupported());
        assertEquals("parallel must be 1..128", IperfParameters.parse("{\"tcp\":true,\"parallel\":500}").unsupported());
    }

    @Test
    void valuesAndEscapes() {
        Map<String, Object> m = Json.parseObject(" {\"a\":[1,-2.5e3,true,false,null,\"x\\n\\u00e9\\\"\"],\"b\":{}} ");
        assertEquals(List.of(1L, -2500.0, true, false, Json.NULL, "x\né\""), m.get("a"));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(18446744073709551615.0, Json.parse("18446744073709551615"), "iperf3 prints -1 as an unsigned 64-bit number");
        assertEquals("\"a\\\"b\\\\c\\n\"", Json.quote("a\"b\\c\n"));
    }

    @Test
    void malformedDocumentsAreRefused() {
        for (String bad : List.of("", "{", "{\"a\"}", "{\"a\":}", "[1,]", "01", "1.", "-", "\"\\x\"", "\"abc", "tru",
                "{} x", "[" .repeat(40) + "]".repeat(40), "{\"a\":1,}", "\"\u0001\"")) {
            assertThrows(Json.JsonException.class, () -> Json.parse(bad), bad);
        }
        assertThrows(Json.JsonException.class, () -> Json.parseObject("[1]"));
    }

    @Test
    void garbageOnlyEverRaisesJsonException() {
        byte[] alphabet = "{}[]\",:0123456789.eE+-tfnrulase\\ \n".getBytes(StandardCharsets.US_ASCII);
        qt().withExamples(5000)
                .forAll(Generate.byteArrays(integers().between(0, 80),
                        integers().between(0, alphabet.length - 1).map(i -> alphabet[i])))
                .checkAssert(bytes -> {
                    try {
                        Json.parse(new String(bytes, StandardCharsets.US_ASCII));
                    } catch (Json.JsonException expected) {
                        // fine: refused with a message
                    }
                });
    }
}
