package org.margay.fastpath.device;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A device's traffic counters: packets, bytes, drops and errors in each direction.
 *
 * <p>One writer (the device's thread) updates them with plain-cost opaque stores; any thread may read them at
 * any time and sees each counter whole (never torn), possibly a little stale. Counters only grow.
 * <ul>
 *   <li><b>packets/bytes</b>: frames handed to the stack on receive, or accepted for the wire on transmit;</li>
 *   <li><b>drops</b>: frames lost for want of room (receive queue full, no buffer, transmit queue full);</li>
 *   <li><b>errors</b>: frames refused as malformed (too short, longer than the MTU allows).</li>
 * </ul>
 */
public final class LinkStatistics {
    private static final VarHandle RX_PACKETS = handle("rxPackets");
    private static final VarHandle RX_BYTES = handle("rxBytes");
    private static final VarHandle RX_DROPS = handle("rxDrops");
    private static final VarHandle RX_ERRORS = handle("rxErrors");
    private static final VarHandle TX_PACKETS = handle("txPackets");
    private static final VarHandle TX_BYTES = handle("txBytes");
    private static final VarHandle TX_DROPS = handle("txDrops");
    private static final VarHandle TX_ERRORS = handle("txErrors");

    @SuppressWarnings("unused") private long rxPackets;
    @SuppressWarnings("unused") private long rxBytes;
    @SuppressWarnings("unused") private long rxDrops;
    @SuppressWarnings("unused") private long rxErrors;
    @SuppressWarnings("unused") private long txPackets;
    @SuppressWarnings("unused") private long txBytes;
    @SuppressWarnings("unused") private long txDrops;
    @SuppressWarnings("unused") private long txErrors;

    /** A frame of {@code bytes} bytes was received and handed to the stack. */
    public void recordRx(int bytes) {
        bump(RX_PACKETS, 1);
        bump(RX_BYTES, bytes);
    }

    /** A frame of {@code bytes} bytes was accepted for transmission. */
    public void recordTx(int bytes) {
        bump(TX_PACKETS, 1);
        bump(TX_BYTES, bytes);
    }

    /** A received frame was dropped for want of room. */
    public void recordRxDrop() {
        bump(RX_DROPS, 1);
    }

    /** A received frame was refused as malformed. */
    public void recordRxError() {
        bump(RX_ERRORS, 1);
    }

    /** A frame to transmit was dropped for want of room. */
    public void recordTxDrop() {
        bump(TX_DROPS, 1);
    }

    /** A frame to transmit was refused as malformed. */
    public void recordTxError() {
        bump(TX_ERRORS, 1);
    }

    /** Frames received. */
    public long rxPackets() {
        return (long) RX_PACKETS.getOpaque(this);
    }

    /** Bytes received. */
    public long rxBytes() {
        return (long) RX_BYTES.getOpaque(this);
    }

    /** Received frames dropped. */
    public long rxDrops() {
        return (long) RX_DROPS.getOpaque(this);
    }

    /** Received frames refused as malformed. */
    public long rxErrors() {
        return (long) RX_ERRORS.getOpaque(this);
    }

    /** Frames transmitted. */
    public long txPackets() {
        return (long) TX_PACKETS.getOpaque(this);
    }

    /** Bytes transmitted. */
    public long txBytes() {
        return (long) TX_BYTES.getOpaque(this);
    }

    /** Frames to transmit that were dropped. */
    public long txDrops() {
        return (long) TX_DROPS.getOpaque(this);
    }

    /** Frames to transmit refused as malformed. */
    public long txErrors() {
        return (long) TX_ERRORS.getOpaque(this);
    }

    @Override
    public String toString() {
        return "rx " + rxPackets() + " pkts " + rxBytes() + " B drops " + rxDrops() + " errors " + rxErrors()
                + ", tx " + txPackets() + " pkts " + txBytes() + " B drops " + txDrops() + " errors " + txErrors();
    }

    private void bump(VarHandle counter, long delta) {
        counter.setOpaque(this, (long) counter.getOpaque(this) + delta);
    }

    private static VarHandle handle(String field) {
        try {
            return MethodHandles.lookup().findVarHandle(LinkStatistics.class, field, long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
