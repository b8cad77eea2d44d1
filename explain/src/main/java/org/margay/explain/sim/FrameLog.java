package org.margay.explain.sim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.margay.decode.Dissection;
import org.margay.decode.Dissector;
import org.margay.explain.capture.PacketParser;
import org.margay.explain.model.PacketRecord;

/**
 * Every frame the lab's hosts send and receive: each sent IPv4 frame becomes a {@link PacketRecord}; a received
 * frame is matched, byte for byte, with the earliest sent frame still in flight that has the same bytes, which
 * then has arrived. What was sent and never matched was lost. A received frame that matches nothing in flight
 * was either a copy the network made (it matches one already delivered) or damaged on the way.
 *
 * <p>Cold path: copies every frame (a lab run is small).
 */
public final class FrameLog {
    private final Dissector dissector = new Dissector(false);
    private final OrderCounter order;
    private final List<PacketRecord> packets = new ArrayList<>();
    private final List<String> senders = new ArrayList<>();
    private final Map<Integer, ArrayDeque<Sent>> inFlight = new HashMap<>();
    private final Map<Integer, List<Sent>> delivered = new HashMap<>();
    private final Map<Integer, String> dropReasons = new HashMap<>();
    private final List<int[]> duplicates = new ArrayList<>(); // {packet number, time index into duplicateTimes}
    private final List<Long> duplicateTimes = new ArrayList<>();
    private int lastHash;
    private long damaged;
    private long otherFrames;

    private record Sent(byte[] bytes, PacketRecord packet) {
    }

    /** A log numbering what it records from {@code order} (shared with the probes). */
    public FrameLog(OrderCounter order) {
        this.order = order;
    }

    /**
     * Records a frame sent by host {@code host} at {@code now}; returns its packet, or null when it is not IPv4
     * (ARP, say), which the explanation leaves out.
     */
    public PacketRecord sent(String host, long now, MemorySegment segment, long offset, int length) {
        byte[] bytes = copy(segment, offset, length);
        Dissection d = dissector.dissect(1, MemorySegment.ofArray(bytes), 0, length, length);
        PacketRecord p = PacketParser.sent(d, packets.size() + 1, now);
        if (p == null) {
            otherFrames++;
            return null;
        }
        p.order(order.next());
        packets.add(p);
        senders.add(host);
        lastHash = Arrays.hashCode(bytes);
        inFlight.computeIfAbsent(lastHash, k -> new ArrayDeque<>()).addLast(new Sent(bytes, p));
        return p;
    }

    /** Marks the packet just {@link #sent} as dropped on purpose by the scenario, with the reason shown. */
    public void droppedOnPurpose(PacketRecord p, String reason) {
        dropReasons.put(p.number(), reason);
        ArrayDeque<Sent> q = inFlight.get(lastHash);
        if (q != null) {
            q.removeIf(s -> s.packet == p);
        }
    }

    /** Records a frame received at {@code now}; returns the packet it delivers, or null. */
    public PacketRecord received(long now, MemorySegment segment, long offset, int length) {
        byte[] bytes = copy(segment, offset, length);
        int hash = Arrays.hashCode(bytes);
        ArrayDeque<Sent> q = inFlight.get(hash);
        if (q != null) {
            for (Sent s : q) {
                if (Arrays.equals(s.bytes, bytes)) {
                    q.remove(s);
                    s.packet.arrived(now);
                    delivered.computeIfAbsent(hash, k -> new ArrayList<>()).add(s);
                    return s.packet;
                }
            }
        }
        List<Sent> seen = delivered.get(hash);
        if (seen != null) {
            for (Sent s : seen) {
                if (Arrays.equals(s.bytes, bytes)) {
                    duplicates.add(new int[] {s.packet.number(), duplicateTimes.size()});
                    duplicateTimes.add(now);
                    return null;
                }
            }
        }
        Dissection d = dissector.dissect(1, MemorySegment.ofArray(bytes), 0, length, length);
        if (PacketParser.ipHeader(d) != null || d.network() == Dissection.Network.IPV4) {
            damaged++;
        }
        return null;
    }

    /** Every IPv4 packet sent, in send order (packet numbers are positions + 1). */
    public List<PacketRecord> packets() {
        return packets;
    }

    /** The host that sent packet {@code number}. */
    public String sender(int number) {
        return senders.get(number - 1);
    }

    /** Why the scenario dropped packet {@code number}, or null when it did not. */
    public String dropReason(int number) {
        return dropReasons.get(number);
    }

    /** Packets the network delivered twice: {packet number} with the time of the extra copy. */
    public List<long[]> duplicates() {
        List<long[]> out = new ArrayList<>();
        for (int[] d : duplicates) {
            out.add(new long[] {d[0], duplicateTimes.get(d[1])});
        }
        return out;
    }

    /** Frames received that matched nothing sent: damaged on the way. */
    public long damaged() {
        return damaged;
    }

    /** Frames other than IPv4 (ARP) that were left out. */
    public long otherFrames() {
        return otherFrames;
    }

    private static byte[] copy(MemorySegment segment, long offset, int length) {
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
        return bytes;
    }
}
