package org.margay.net.tcp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.net.tcp.recovery.TransmitLedger;

/**
 * What a connection's rings and ledger cost, through the {@link TcpLayer#bufferMemoryBytes()} gauge: nothing for
 * a half-open connection but its SYN-ACK's ledger entries (so a SYN flood's backlog holds a few KiB, not 512 KiB per
 * SYN), growth with use up to the configured sizes, nothing in TIME-WAIT, and an advertised window computed from
 * the configured receive buffer whatever storage is held.
 */
class BufferMemoryTest {
    private static final long SYN_LEDGER = 4L * TransmitLedger.BYTES_PER_ENTRY;

    @Test
    void halfOpenConnectionsHoldNoRings() {
        Harness h = new Harness(); // default 256 KiB send and receive buffers
        TcpListener l = h.layer.listen(Harness.LOCAL_IP, Harness.LOCAL_PORT, 1024);
        int syns = 200;
        for (int i = 0; i < syns; i++) {
            h.inject(new Seg(30000 + i, Harness.LOCAL_PORT).seq(0x1000 * i).syn().window(65535).mss(1460).ws(7)
                    .sackOk().ts(100 + i, 0));
        }
        List<Sent> synAcks = h.poll();
        assertEquals(syns, synAcks.size());
        assertEquals(syns, l.halfOpen());
        for (Sent s : synAcks) {
            assertTrue(s.syn() && s.ack());
            assertEquals(65535, s.window(), "a SYN-ACK offers min(configured buffer, 65535): RFC 7323 §2.2");
            TcpConnection c = h.layer.find(Harness.LOCAL_IP, Harness.LOCAL_PORT, Harness.REMOTE_IP, s.remotePort());
            assertEquals(TcpState.SYN_RECEIVED, c.state());
            assertTrue(c.bufferMemoryBytes() <= SYN_LEDGER, "half-open holds " + c.bufferMemoryBytes());
        }
        long held = h.layer.bufferMemoryBytes();
        assertTrue(held <= syns * SYN_LEDGER, "the backlog holds " + held + " bytes");
    }

    @Test
    void storageGrowsWithUseAndTheWindowFollowsTheConfiguredSize() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        int configured = h.layer.config().receiveBufferSize();
        int shift = c.rcvWindowShift();
        // Established, nothing sent or received: no rings yet, and the window is the configured one.
        assertTrue(c.bufferMemoryBytes() <= SYN_LEDGER, "established, idle: " + c.bufferMemoryBytes());
        h.inject(h.peerData(1000));
        List<Sent> out = h.fire();
        Sent ack = out.get(out.size() - 1);
        long offered = (long) ack.window() << shift;
        assertTrue(offered > configured - 1000 - (1 << shift) - 1460 && offered <= configured,
                "offered " + offered + " of a " + configured + " byte buffer");
        long afterSmall = c.bufferMemoryBytes();
        assertTrue(afterSmall >= 1000 && afterSmall <= 8 * 1024 + SYN_LEDGER, "after 1000 bytes: " + afterSmall);

        // Out-of-order data 200 KB ahead grows the receive ring to cover it; the window is unchanged by that.
        int peerNxt = h.peerNxt;
        h.peerNxt = peerNxt + 200_000;
        h.inject(h.peerData(1000));
        out = h.fire();
        assertTrue(c.bufferMemoryBytes() >= 1000 + 200_000 + 1000, "ring covers the out-of-order write");
        Sent dupAck = out.get(out.size() - 1);
        assertEquals(ack.window(), dupAck.window(), "out-of-order bytes leave the window as it was");
        // Fill the hole, read everything: the stream is intact.
        h.peerNxt = peerNxt;
        for (int sent = 0; sent < 200_000; sent += 1000) {
            h.inject(h.peerData(1000));
        }
        h.fire();
        byte[] buf = new byte[64 * 1024];
        int total = 0;
        int n;
        while ((n = c.receive(buf, 0, buf.length)) > 0) {
            total += n;
        }
        assertEquals(1000 + 200_000 + 1000, total);
        assertTrue(c.bufferMemoryBytes() <= configured + 1460 + 8 * 1024 + SYN_LEDGER);

        // Sending grows the send ring only as far as the bytes queued.
        assertEquals(10_000, c.send(new byte[10_000], 0, 10_000));
        assertTrue(c.bufferMemoryBytes() <= configured + 1460 + 16 * 1024 + 64L * TransmitLedger.BYTES_PER_ENTRY);
    }

    @Test
    void timeWaitHoldsNothing() {
        Harness h = new Harness();
        TcpConnection c = h.connect();
        c.send(new byte[5000], 0, 5000);
        h.poll();
        h.inject(h.peerAck(c.sndNxt()));
        h.inject(h.peerData(1400));
        h.poll();
        assertTrue(c.bufferMemoryBytes() > 0);
        c.close();
        List<Sent> fin = h.poll();
        assertTrue(fin.get(fin.size() - 1).fin());
        h.inject(h.peerAck(c.sndNxt()));
        h.inject(h.seg().seq(h.peerNxt).ack(c.sndNxt()).fin().window(65535).ts(++h.peerTsVal, 0));
        h.poll();
        assertEquals(TcpState.TIME_WAIT, c.state());
        // 1400 bytes are still unread: the receive ring stays until the application reads them.
        assertEquals(1400, c.readableBytes());
        assertTrue(c.bufferMemoryBytes() >= 1400 && c.bufferMemoryBytes() <= 4096, "" + c.bufferMemoryBytes());
        assertEquals(1400, c.receive(new byte[4000], 0, 4000));
        assertEquals(0, c.bufferMemoryBytes());
        assertEquals(0, h.layer.bufferMemoryBytes());
        assertEquals(-1, c.receive(new byte[10], 0, 10));
    }
}
