package org.margay.explain.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import org.margay.explain.model.PacketRecord;
import org.margay.explain.model.TcpHeader;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.ForwardingDevice;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.time.Clock;

/**
 * The device under a lab host's stack: a {@link ForwardingDevice} over the simulator's port that records every
 * frame going out and coming in into the {@link FrameLog}, lets the {@link StackProbe} look at each outgoing
 * TCP segment (to name the cause of a retransmission), and drops the frames its {@link DropRule} picks (released
 * at once, counted in the log as dropped on purpose).
 *
 * <p>Cold path: frames are copied for the log. Single-threaded, like the stack above it.
 */
public final class LabDevice extends ForwardingDevice {
    private final String host;
    private final Clock clock;
    private final FrameLog log;
    private final StackProbe probe;
    private final DropRule rule;
    private final PacketBurst staging;
    private final MemorySegment scratch = Arena.ofAuto().allocate(1 << 16);
    private final Map<String, Integer> copies = new HashMap<>();
    private final Map<String, Integer> dataIndexes = new HashMap<>();
    private final Map<String, Integer> dataCounts = new HashMap<>();
    private long droppedOnPurpose;

    /** Wraps {@code inner}, recording into {@code log} for host {@code host}. */
    public LabDevice(NetworkDevice inner, String host, Clock clock, FrameLog log, StackProbe probe, DropRule rule) {
        super(inner);
        this.host = host;
        this.clock = clock;
        this.log = log;
        this.probe = probe;
        this.rule = rule == null ? DropRule.NONE : rule;
        this.staging = new PacketBurst(256);
    }

    @Override
    public int transmit(PacketBurst from) {
        long now = clock.nanoTime();
        int count = from.count();
        staging.clear();
        for (int i = 0; i < count; i++) {
            PacketBuffer frame = from.get(i);
            int length = frame.copyTo(scratch, 0);
            PacketRecord p = log.sent(host, now, scratch, 0, length);
            boolean drop = false;
            if (p != null) {
                int[] position = position(p);
                probe.onSent(p, now);
                drop = rule.drop(p, position[0], position[1]);
                if (drop) {
                    log.droppedOnPurpose(p, describe(p, position));
                }
            }
            if (drop) {
                droppedOnPurpose++;
                frame.release();
            } else {
                staging.add(frame);
            }
        }
        from.clear();
        inner.transmit(staging);
        // The simulator's port takes every frame; should one refuse, drop it rather than resend it unrecorded.
        staging.releaseAll();
        return count;
    }

    @Override
    public int receive(PacketBurst into) {
        int before = into.count();
        int n = inner.receive(into);
        long now = clock.nanoTime();
        for (int i = before; i < before + n; i++) {
            PacketBuffer frame = into.get(i);
            int length = frame.copyTo(scratch, 0);
            log.received(now, scratch, 0, length);
        }
        return n;
    }

    /** Frames this device dropped because the scenario said so. */
    public long droppedOnPurpose() {
        return droppedOnPurpose;
    }

    /** {data segment index, copy number} of an outgoing packet, per the {@link DropRule} contract. */
    private int[] position(PacketRecord p) {
        TcpHeader t = p.tcp();
        if (t == null) {
            return new int[2];
        }
        String key = p.sourcePort() + ">" + p.destinationPort() + ":" + Integer.toUnsignedString(t.sequence())
                + (t.has(TcpHeader.SYN) ? "S" : "") + (t.payloadLength() == 0 ? "e" + t.flags() : "");
        int copy = copies.merge(key, 1, Integer::sum);
        int dataIndex = 0;
        if (t.payloadLength() > 0) {
            String flow = p.sourcePort() + ">" + p.destinationPort();
            String dataKey = flow + ":" + Integer.toUnsignedString(t.sequence());
            Integer known = dataIndexes.get(dataKey);
            if (known == null) {
                known = dataCounts.merge(flow, 1, Integer::sum);
                dataIndexes.put(dataKey, known);
            }
            dataIndex = known;
        }
        return new int[] {dataIndex, copy};
    }

    private static String describe(PacketRecord p, int[] position) {
        if (position[0] > 0) {
            return "dropped by the scenario: data segment " + position[0]
                    + (position[1] > 1 ? ", copy " + position[1] : "");
        }
        return "dropped by the scenario";
    }
}
