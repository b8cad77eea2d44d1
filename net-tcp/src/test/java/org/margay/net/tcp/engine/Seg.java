package org.margay.net.tcp.engine;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.margay.net.tcp.TcpOptionSet;
import org.margay.net.tcp.TcpRepr;
import org.margay.net.tcp.TcpSegment;

/** A hand-built segment for tests (fluent). */
final class Seg {
    int srcPort;
    int dstPort;
    int seq;
    int ack;
    int flags;
    int window = 65535;
    OptionalInt mss = OptionalInt.empty();
    OptionalInt ws = OptionalInt.empty();
    boolean sackPermitted;
    Optional<TcpOptionSet.Timestamps> ts = Optional.empty();
    final List<TcpOptionSet.SackBlock> sacks = new ArrayList<>();
    byte[] payload = new byte[0];

    Seg(int srcPort, int dstPort) {
        this.srcPort = srcPort;
        this.dstPort = dstPort;
    }

    Seg seq(int v) { seq = v; return this; }
    Seg ack(int v) { ack = v; flags |= TcpSegment.ACK; return this; }
    Seg flags(int v) { flags |= v; return this; }
    Seg noAck() { flags &= ~TcpSegment.ACK; return this; }
    Seg syn() { flags |= TcpSegment.SYN; return this; }
    Seg fin() { flags |= TcpSegment.FIN; return this; }
    Seg rst() { flags |= TcpSegment.RST; return this; }
    Seg psh() { flags |= TcpSegment.PSH; return this; }
    Seg window(int v) { window = v; return this; }
    Seg mss(int v) { mss = OptionalInt.of(v); return this; }
    Seg ws(int v) { ws = OptionalInt.of(v); return this; }
    Seg sackOk() { sackPermitted = true; return this; }
    Seg ts(int val, int ecr) { ts = Optional.of(new TcpOptionSet.Timestamps(val, ecr)); return this; }
    Seg sack(int left, int right) { sacks.add(new TcpOptionSet.SackBlock(left, right)); return this; }
    Seg payload(byte[] p) { payload = p; return this; }
    Seg payload(int n) { payload = new byte[n]; for (int i = 0; i < n; i++) payload[i] = (byte) (i * 7 + 1); return this; }

    TcpSegment view() {
        TcpOptionSet options = new TcpOptionSet(mss, ws, sackPermitted, ts, sacks);
        TcpRepr repr = new TcpRepr(srcPort, dstPort, seq, ack, flags, window, 0, options, payload.length);
        MemorySegment m = MemorySegment.ofArray(new byte[repr.totalLength()]);
        repr.emit(m, 0);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, m, repr.headerLength(), payload.length);
        return new TcpSegment().wrap(m, 0, repr.totalLength());
    }
}
