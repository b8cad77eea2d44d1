package org.margay.fastpath.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinkStatisticsTest {
    @Test
    void countsEachKindSeparately() {
        LinkStatistics stats = new LinkStatistics();
        stats.recordRx(100);
        stats.recordRx(50);
        stats.recordTx(60);
        stats.recordRxDrop();
        stats.recordRxError();
        stats.recordTxDrop();
        stats.recordTxDrop();
        stats.recordTxError();
        assertEquals(2, stats.rxPackets());
        assertEquals(150, stats.rxBytes());
        assertEquals(1, stats.txPackets());
        assertEquals(60, stats.txBytes());
        assertEquals(1, stats.rxDrops());
        assertEquals(1, stats.rxErrors());
        assertEquals(2, stats.txDrops());
        assertEquals(1, stats.txErrors());
        assertTrue(stats.toString().contains("rx 2 pkts 150 B"), stats.toString());
    }
}
