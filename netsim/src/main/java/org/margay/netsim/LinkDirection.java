package org.margay.netsim;

import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.fastpath.device.LinkStatistics;
import org.margay.fastpath.impair.Impairment;
import org.margay.fastpath.impair.ImpairmentProfile;

/**
 * One direction of a simulated link: a transmit queue with tail drop, a wire with a bandwidth and a
 * latency, and an {@link Impairment} engine, delivering to a switch or a host. Exposes its counters.
 *
 * <p>The queue is modelled by departure times: a frame starts serialising when the wire is free
 * ({@code max(now, busyUntil)}), leaves the queue when its last bit is sent, and arrives a latency later.
 * Impairments act on the wire, after the queue: a lost frame still used its share of bandwidth. A frame
 * reordered with a delay arrives that much later; one held "for the next frame" is delivered just after the
 * next frame this direction delivers (at most one frame is held at a time; a reorder decision while one is
 * held delivers normally). Preallocated; nothing allocates per frame.
 */
public final class LinkDirection {
    private final String name;
    private final EventQueue events;
    private final LinkProfile profile;
    private final Impairment impairment;
    private final FrameSink sink;
    private final LinkStatistics dropCounter;
    private final long reorderDelay;

    private long[] departures;
    private int[] departureBytes;
    private int queueHead;
    private int queued;
    private long queuedBytes;
    private long busyUntil;

    private PacketBuffer heldFrame;
    private long heldCorruptBit;

    private long framesOffered;
    private long framesSent;
    private long bytesSent;
    private long queueDrops;

    LinkDirection(String name, EventQueue events, LinkProfile profile, ImpairmentProfile impairmentProfile,
                  FrameSink sink, LinkStatistics dropCounter) {
        this.name = name;
        this.events = events;
        this.profile = profile;
        this.impairment = new Impairment(impairmentProfile);
        this.sink = sink;
        this.dropCounter = dropCounter;
        this.reorderDelay = impairmentProfile.reorderDelayNanos();
        int capacity = profile.queueFrames() != LinkProfile.UNLIMITED ? profile.queueFrames() : 64;
        this.departures = new long[capacity];
        this.departureBytes = new int[capacity];
    }

    /** Puts {@code frame} (whose reference passes to the link) on the wire at {@code now}. */
    void send(PacketBuffer frame, long now) {
        framesOffered++;
        int length = frame.frameLength();
        while (queued > 0 && departures[queueHead] <= now) {
            queuedBytes -= departureBytes[queueHead];
            queueHead = (queueHead + 1) % departures.length;
            queued--;
        }
        if ((profile.queueFrames() != LinkProfile.UNLIMITED && queued >= profile.queueFrames())
                || (profile.queueBytes() != LinkProfile.UNLIMITED && queuedBytes + length > profile.queueBytes())) {
            queueDrops++;
            if (dropCounter != null) {
                dropCounter.recordTxDrop();
            }
            frame.release();
            return;
        }
        long done = Math.max(now, busyUntil) + profile.serialisationNanos(length);
        busyUntil = done;
        if (queued == departures.length) {
            growQueue();
        }
        int tail = (queueHead + queued) % departures.length;
        departures[tail] = done;
        departureBytes[tail] = length;
        queued++;
        queuedBytes += length;
        framesSent++;
        bytesSent += length;

        int decision = impairment.decide();
        if (decision == Impairment.DROP) {
            frame.release();
            return;
        }
        long corruptBit = (decision & Impairment.CORRUPT) != 0 ? impairment.pickBit(length) : -1;
        long arrival = done + profile.latencyNanos();
        if ((decision & Impairment.DUPLICATE) != 0) {
            events.schedule(arrival, sink, frame.retain(), -1);
        }
        if ((decision & Impairment.REORDER) != 0) {
            if (reorderDelay != ImpairmentProfile.HOLD_FOR_NEXT_FRAME) {
                events.schedule(arrival + reorderDelay, sink, frame, corruptBit);
                return;
            }
            if (heldFrame == null) {
                heldFrame = frame;
                heldCorruptBit = corruptBit;
                return;
            }
        }
        events.schedule(arrival, sink, frame, corruptBit);
        if (heldFrame != null) {
            events.schedule(arrival, sink, heldFrame, heldCorruptBit);
            heldFrame = null;
        }
    }

    private void growQueue() {
        int old = departures.length;
        long[] times = new long[old * 2];
        int[] bytes = new int[old * 2];
        for (int i = 0; i < queued; i++) {
            times[i] = departures[(queueHead + i) % old];
            bytes[i] = departureBytes[(queueHead + i) % old];
        }
        departures = times;
        departureBytes = bytes;
        queueHead = 0;
    }

    void releaseHeld() {
        if (heldFrame != null) {
            heldFrame.release();
            heldFrame = null;
        }
    }

    /** This direction's name, {@code host->switch} or {@code switch->host}. */
    public String name() {
        return name;
    }

    /** The link's physics. */
    public LinkProfile profile() {
        return profile;
    }

    /** The impairment decisions taken on this direction, with their counters. */
    public Impairment impairment() {
        return impairment;
    }

    /** Frames handed to this direction. */
    public long framesOffered() {
        return framesOffered;
    }

    /** Frames that got through the queue onto the wire (before impairments). */
    public long framesSent() {
        return framesSent;
    }

    /** Bytes of the frames that got onto the wire. */
    public long bytesSent() {
        return bytesSent;
    }

    /** Frames dropped because the queue was full (tail drop). */
    public long queueDrops() {
        return queueDrops;
    }

    /** Whether a frame is held back for reordering, waiting for the next one. */
    public boolean holdsAFrame() {
        return heldFrame != null;
    }

    @Override
    public String toString() {
        return "LinkDirection[" + name + ": offered " + framesOffered + ", sent " + framesSent + ", queue drops "
                + queueDrops + ", " + impairment + "]";
    }
}
