package org.margay.bench.stack;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.margay.net.tcp.TcpOptionsWriter;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.tcp.buffer.SendBuffer;
import org.margay.net.tcp.engine.OutgoingOptions;
import org.margay.net.tcp.engine.SegmentSink;

/**
 * For benchmarks only: a {@link SegmentSink} that does a stack's per-segment output work without a device. It
 * writes each emitted segment (the TCP header, its options and a copy of the payload, no checksum) into one of
 * {@code slots} fixed 2 KiB slots of off-heap memory, round robin, and remembers where it went. With one slot it is
 * the "reused buffer" of the transmit benchmarks; with many it captures segments whole, to be fed to another
 * {@link org.margay.net.tcp.engine.TcpLayer} (a handshake) or kept as templates.
 *
 * <p>What must stay true: {@link #emit} allocates nothing and always accepts.
 */
final class HeaderWritingSink implements SegmentSink {
    static final int SLOT = 2048;

    private final MemorySegment memory;
    private final int slots;
    private final int[] lengths;
    private final int[] sources;
    private final int[] destinations;
    private final TcpSegment out = new TcpSegment();
    private final TcpOptionsWriter optionsWriter = new TcpOptionsWriter();
    private long emitted;
    private int count;

    HeaderWritingSink(int slots) {
        this.slots = slots;
        this.memory = Arena.ofAuto().allocate((long) slots * SLOT, 64);
        this.lengths = new int[slots];
        this.sources = new int[slots];
        this.destinations = new int[slots];
    }

    @Override
    public boolean emit(int localIp, int localPort, int remoteIp, int remotePort, int seq, int ack, int flags,
                        int window, OutgoingOptions options, SendBuffer payload, int payloadOffset,
                        int payloadLength) {
        int slot = (int) (emitted % slots);
        long at = (long) slot * SLOT;
        int optionsLength = options.length();
        int headerLength = TcpSegment.MIN_HEADER_LENGTH + optionsLength;
        int length = headerLength + payloadLength;
        out.wrap(memory, at, length).writeHeader(localPort, remotePort, seq, ack, headerLength, flags, window);
        if (optionsLength > 0) {
            optionsWriter.wrap(memory, at + TcpSegment.MIN_HEADER_LENGTH, optionsLength);
            options.write(optionsWriter);
        }
        if (payloadLength > 0) {
            payload.copyOut(payloadOffset, memory, at + headerLength, payloadLength);
        }
        lengths[slot] = length;
        sources[slot] = localIp;
        destinations[slot] = remoteIp;
        emitted++;
        if (count < slots) {
            count++;
        }
        return true;
    }

    /** Appends a copy of {@code from}'s segment in {@code slot} as if it had been emitted here (set-up only). */
    void copyFrom(HeaderWritingSink from, int slot) {
        int to = (int) (emitted % slots);
        MemorySegment.copy(from.memory, from.offset(slot), memory, offset(to), from.length(slot));
        lengths[to] = from.length(slot);
        sources[to] = from.source(slot);
        destinations[to] = from.destination(slot);
        emitted++;
        if (count < slots) {
            count++;
        }
    }

    /** Segments emitted since construction. */
    long emitted() {
        return emitted;
    }

    /** Slots holding a segment (at most {@code slots}). */
    int count() {
        return count;
    }

    /** Forgets the captured segments (the next one goes to slot 0). */
    void clear() {
        emitted = 0;
        count = 0;
    }

    MemorySegment memory() {
        return memory;
    }

    long offset(int slot) {
        return (long) slot * SLOT;
    }

    int length(int slot) {
        return lengths[slot];
    }

    int source(int slot) {
        return sources[slot];
    }

    int destination(int slot) {
        return destinations[slot];
    }
}
