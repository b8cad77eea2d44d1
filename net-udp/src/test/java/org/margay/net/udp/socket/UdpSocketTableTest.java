package org.margay.net.udp.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

class UdpSocketTableTest {
    private static MemorySegment bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return MemorySegment.ofArray(b);
    }

    @Test
    void bindLookupAndClose() {
        UdpSocketTable table = new UdpSocketTable(4, 1024);
        UdpSocket s = table.bind(0, 5000);
        assertSame(s, table.lookup(7, 5000, 9, 1234));
        assertNull(table.lookup(7, 5001, 9, 1234));
        assertThrows(IllegalStateException.class, () -> table.bind(0, 5000));
        s.close();
        assertNull(table.lookup(7, 5000, 9, 1234));
        assertEquals(0, table.size());
    }

    @Test
    void specificAddressAndConnectedFilters() {
        UdpSocketTable table = new UdpSocketTable(4, 1024);
        UdpSocket s = table.bind(7, 53);
        assertNull(table.lookup(8, 53, 9, 1));
        s.connect(9, 1);
        assertSame(s, table.lookup(7, 53, 9, 1));
        assertNull(table.lookup(7, 53, 9, 2));
        assertNull(table.lookup(7, 53, 10, 1));
        assertSame(s, table.lookupForError(7, 53, 9, 1));
        assertNull(table.lookupForError(7, 53, 9, 3));
    }

    @Test
    void ephemeralPortsAreDistinct() {
        UdpSocketTable table = new UdpSocketTable(1, 16);
        UdpSocket a = table.bind(0, 0);
        UdpSocket b = table.bind(0, 0);
        assertTrue(a.localPort() >= UdpSocketTable.EPHEMERAL_FIRST);
        assertTrue(a.localPort() != b.localPort());
    }

    @Test
    void queueIsBoundedAndCountsDrops() {
        UdpSocketTable table = new UdpSocketTable(2, 100);
        UdpSocket s = table.bind(0, 1);
        assertTrue(s.deliver(1, 2, bytes(60, 0), 0, 60));
        assertTrue(!s.deliver(1, 2, bytes(60, 0), 0, 60)); // 120 bytes > 100
        assertTrue(s.deliver(1, 3, bytes(40, 0), 0, 40));
        assertTrue(!s.deliver(1, 4, bytes(1, 0), 0, 1));   // 2 datagrams max
        assertEquals(2, s.datagramsDropped());
        MemorySegment out = MemorySegment.ofArray(new byte[100]);
        assertEquals(60, s.receive(out, 0, 100));
        assertEquals(2, s.lastSourcePort());
        assertEquals(40, s.receive(out, 0, 10)); // truncated copy, full length reported
        assertEquals(-1, s.receive(out, 0, 100));
    }

    @Test
    void ringKeepsEveryByteAcrossWraps() {
        QuickTheory.qt().withExamples(100)
                .forAll(SourceDSL.lists().of(SourceDSL.integers().between(0, 90)).ofSizeBetween(1, 60))
                .checkAssert(sizes -> {
                    UdpSocket s = new UdpSocketTable(3, 200).bind(0, 9);
                    MemorySegment out = MemorySegment.ofArray(new byte[100]);
                    int seed = 0;
                    for (int size : sizes) {
                        seed++;
                        MemorySegment in = bytes(size, seed);
                        if (!s.deliver(1, seed, in, 0, size)) {
                            while (s.receive(out, 0, 100) >= 0) {
                                // drain
                            }
                            assertTrue(s.deliver(1, seed, in, 0, size));
                        }
                        if (seed % 2 == 0) {
                            int length = s.peekLength();
                            int port = -1;
                            if (length >= 0) {
                                assertEquals(length, s.receive(out, 0, 100));
                                port = s.lastSourcePort();
                                assertEquals(-1L, MemorySegment.mismatch(out, 0, length, bytes(length, port), 0, length));
                            }
                        }
                    }
                });
    }
}
