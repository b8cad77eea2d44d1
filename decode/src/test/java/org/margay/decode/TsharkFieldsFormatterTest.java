package org.margay.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * The tshark fields formatter against what tshark 4.0.17 printed for the hand-built frames of {@link TestVectors}
 * (raw sequence numbers, checksum checks on), every column but the three approximate ones.
 */
class TsharkFieldsFormatterTest {

    @Test
    void rowsMatchTsharkCellForCell() {
        Captures.Decoded decoded = Captures.decode(Captures.pcap(TestVectors.ETHERNET_LINK_TYPE, TestVectors.ETHERNET),
                DecodeOptions.fields());
        String[] expected = TestVectors.ETHERNET_TSHARK.split("\n");
        String[] actual = decoded.out().split("\n");
        assertEquals(expected.length, actual.length, "rows");
        for (int row = 0; row < expected.length; row++) {
            String[] want = expected[row].split("\t", -1);
            String[] got = actual[row].split("\t", -1);
            assertEquals(TsharkFieldsFormatter.COLUMNS.size(), got.length, "columns in row " + row);
            for (int column = 0; column < want.length; column++) {
                String name = TsharkFieldsFormatter.COLUMNS.get(column);
                if (row > 0 && TsharkFieldsFormatter.APPROXIMATE_COLUMNS.contains(name)) {
                    continue;
                }
                assertEquals(want[column], got[column], "row " + row + " column " + name);
            }
        }
    }

    @Test
    void headerIsTheCorpusHeader() {
        assertEquals("frame.number\tframe.time_epoch\tframe.len\tframe.cap_len\tframe.protocols\teth.src\teth.dst",
                String.join("\t", TsharkFieldsFormatter.COLUMNS.subList(0, 7)));
        assertTrue(TsharkFieldsFormatter.header().endsWith("\ttcp.len\t_ws.expert.message\t_ws.col.Info"));
    }

    @Test
    void windowScalingFollowsTheHandshake() {
        // SYN with WS 7, SYN-ACK with WS 8, then an ACK each way: tshark prints the multiplier of the sender.
        TsharkFieldsFormatter fields = new TsharkFieldsFormatter();
        Dissector dissector = new Dissector();
        String[] scale = new String[5];
        for (int i = 0; i < 5; i++) {
            byte[] frame = Captures.bytes(TestVectors.ETHERNET.get(i));
            Dissection d = dissector.dissect(1, MemorySegment.ofArray(frame), 0, frame.length, frame.length);
            scale[i] = fields.format(i + 1, 0, 0, d).split("\t", -1)
                    [TsharkFieldsFormatter.COLUMNS.indexOf("tcp.window_size_scalefactor")];
        }
        assertEquals("", scale[0]);
        assertEquals("", scale[1]);
        assertEquals("128", scale[2]);
        assertEquals("128", scale[3]);
        assertEquals("256", scale[4]);
    }

    @Test
    void aSynWithoutWindowScaleMeansNoScalingForBothSides() {
        TsharkWindowScaling scaling = new TsharkWindowScaling();
        TsharkWindowScaling.Segment syn = scaling.segment(1, 1000, 2, 80, 0x02, 100, 0);
        syn.afterOptions(true, false);
        assertEquals(TsharkWindowScaling.NOT_USED, scaling.segment(2, 80, 1, 1000, 0x10, 7, 101).scaleFactor());
        assertEquals(TsharkWindowScaling.NOT_USED, scaling.segment(1, 1000, 2, 80, 0x10, 101, 8).scaleFactor());
        assertEquals(TsharkWindowScaling.UNKNOWN, scaling.segment(3, 1, 4, 2, 0x10, 1, 1).scaleFactor());
    }
}
