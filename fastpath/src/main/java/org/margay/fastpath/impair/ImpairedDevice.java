package org.margay.fastpath.impair;

import java.util.Objects;
import org.margay.fastpath.device.ForwardingDevice;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.device.PacketBurst;
import org.margay.fastpath.time.Clock;

/**
 * A {@link NetworkDevice} decorator that damages traffic on its way out, its way in, or both, following an
 * {@link ImpairmentProfile} per direction and a {@link Clock} for reorder delays. It works over any device:
 * the loopback pair today, DPDK or TAP ports later.
 *
 * <p>Dropped frames are released at once. A duplicate is a copy in a buffer of the inner device's pool, never
 * a second reference to the same buffer (a receiver that trims headers moves the buffer's only window).
 * Corruption flips a bit in place when the frame has a single holder, otherwise in a private copy from the
 * inner device's pool, so a buffer kept for retransmission is never damaged. Reordered frames are held
 * inside this device; they move on when their delay has passed (or the next frame has gone by) at a later
 * {@link #transmit} or {@link #receive} call. A driver that wants to wake for them reads
 * {@link #nextDeadline()}.
 *
 * <p>Ownership is the {@link NetworkDevice} contract: frames taken by {@code transmit} belong to this device
 * (and then to the inner one), and back-pressure from the inner device shows up as {@code transmit} taking
 * fewer frames. {@link #statistics()} are the inner device's. Single-threaded.
 */
public final class ImpairedDevice extends ForwardingDevice {
    private static final int HOLD_CAPACITY = 64;

    private final Clock clock;
    private final ImpairedPath transmitPath;
    private final ImpairedPath receivePath;
    private final PacketBurst transmitStaging;
    private final PacketBurst receiveStaging;
    private boolean closed;

    /**
     * Impairs {@code inner}: {@code transmit} on frames it sends, {@code receive} on frames it receives
     * ({@link ImpairmentProfile#NONE} leaves a direction alone). {@code burstCapacity} sizes the internal
     * staging bursts, as large as the bursts the stack uses.
     */
    public ImpairedDevice(NetworkDevice inner, ImpairmentProfile transmit, ImpairmentProfile receive, Clock clock,
                          int burstCapacity) {
        super(inner);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transmitPath = new ImpairedPath(new Impairment(transmit), 2 * burstCapacity + HOLD_CAPACITY + 2, HOLD_CAPACITY);
        this.receivePath = new ImpairedPath(new Impairment(receive), 2 * burstCapacity + HOLD_CAPACITY + 2, HOLD_CAPACITY);
        this.transmitStaging = new PacketBurst(burstCapacity);
        this.receiveStaging = new PacketBurst(burstCapacity);
    }

    @Override
    public int transmit(PacketBurst from) {
        if (closed) {
            return 0;
        }
        long now = clock.nanoTime();
        transmitPath.releaseDue(now);
        int taken = transmitPath.accept(from, now, inner.pool());
        pushTransmit();
        return taken;
    }

    @Override
    public int receive(PacketBurst into) {
        if (closed) {
            return 0;
        }
        long now = clock.nanoTime();
        transmitPath.releaseDue(now);
        pushTransmit();
        receivePath.releaseDue(now);
        inner.receive(receiveStaging);
        receivePath.accept(receiveStaging, now, inner.pool());
        return receivePath.drainTo(into);
    }

    private void pushTransmit() {
        transmitPath.drainTo(transmitStaging);
        if (!transmitStaging.isEmpty()) {
            inner.transmit(transmitStaging);
        }
    }

    /**
     * The earliest time a held frame becomes due in either direction, or {@link Long#MAX_VALUE} when nothing
     * waits on time. The driver calls {@code receive} (or {@code transmit}) at or after it.
     */
    public long nextDeadline() {
        return Math.min(transmitPath.nextDue(), receivePath.nextDue());
    }

    /** The decisions taken on transmitted frames, with their counters. */
    public Impairment transmitImpairment() {
        return transmitPath.impairment();
    }

    /** The decisions taken on received frames, with their counters. */
    public Impairment receiveImpairment() {
        return receivePath.impairment();
    }

    /** Corruptions not applied because a shared frame could not be copied (the pool was empty). */
    public long corruptionsSkipped() {
        return transmitPath.corruptionsSkipped() + receivePath.corruptionsSkipped();
    }

    /** Duplicates not delivered because the frame could not be copied (the pool was empty). */
    public long duplicatesSkipped() {
        return transmitPath.duplicatesSkipped() + receivePath.duplicatesSkipped();
    }

    /** Frames held inside this device (ready, reordered, or refused by the inner device so far). */
    public int pendingFrames() {
        return transmitPath.pending() + receivePath.pending() + transmitStaging.count() + receiveStaging.count();
    }







    @Override
    public String name() {
        return "impaired(" + inner.name() + ")";
    }

    /** Releases every frame held here, then closes the inner device. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        transmitPath.releaseAll();
        receivePath.releaseAll();
        transmitStaging.releaseAll();
        receiveStaging.releaseAll();
        inner.close();
    }
}
