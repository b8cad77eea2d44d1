package org.margay.netsim;

import java.util.Objects;
import org.margay.fastpath.impair.ImpairmentProfile;

/**
 * The physics of one simulated link between a host's {@link SimPort} and its switch: propagation latency,
 * bandwidth (which gives each frame a serialisation delay), the transmit queue in front of the wire in each
 * direction (tail drop beyond it), and what goes wrong in each direction.
 *
 * <p>A frame of {@code n} bytes occupies the wire for {@code ceil(n · 8 · 10⁹ / bandwidth)} ns, counting the
 * frame's bytes only (no preamble, FCS or inter-frame gap), and arrives {@code latencyNanos} after its last bit
 * left. Frames queue behind each other; a frame that finds the queue full (by frames or by bytes, counting
 * the frames not yet fully serialised, its predecessor on the wire included) is dropped.
 *
 * <p>Invariants: latency is not negative; a bandwidth, a queue frame limit or a queue byte limit of
 * {@link #UNLIMITED} means no limit, any other value must be positive; both impairment profiles are given.
 *
 * @param latencyNanos           one-way propagation delay
 * @param bandwidthBitsPerSecond wire speed, or {@link #UNLIMITED} for no serialisation delay
 * @param queueFrames            most frames waiting or being serialised, or {@link #UNLIMITED}
 * @param queueBytes             most bytes waiting or being serialised, or {@link #UNLIMITED}
 * @param toSwitch               impairments of frames the host sends
 * @param fromSwitch             impairments of frames the host receives
 */
public record LinkProfile(
        long latencyNanos,
        long bandwidthBitsPerSecond,
        int queueFrames,
        long queueBytes,
        ImpairmentProfile toSwitch,
        ImpairmentProfile fromSwitch) {

    /** No limit (bandwidth, queue frames or queue bytes). */
    public static final int UNLIMITED = 0;

    /** A link with no delay, no limits and no faults. */
    public static final LinkProfile IDEAL = new LinkProfile(0, UNLIMITED, UNLIMITED, UNLIMITED,
            ImpairmentProfile.NONE, ImpairmentProfile.NONE);

    public LinkProfile {
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("latencyNanos must not be negative, was " + latencyNanos);
        }
        if (bandwidthBitsPerSecond < 0) {
            throw new IllegalArgumentException("bandwidthBitsPerSecond must be positive or UNLIMITED (0), was "
                    + bandwidthBitsPerSecond);
        }
        if (queueFrames < 0) {
            throw new IllegalArgumentException("queueFrames must be positive or UNLIMITED (0), was " + queueFrames);
        }
        if (queueBytes < 0) {
            throw new IllegalArgumentException("queueBytes must be positive or UNLIMITED (0), was " + queueBytes);
        }
        Objects.requireNonNull(toSwitch, "toSwitch impairment (use ImpairmentProfile.NONE)");
        Objects.requireNonNull(fromSwitch, "fromSwitch impairment (use ImpairmentProfile.NONE)");
    }

    /** A builder starting from {@link #IDEAL}. */
    public static Builder builder() {
        return new Builder();
    }

    /** How long a frame of {@code frameBytes} bytes occupies the wire, in nanoseconds (0 without a bandwidth). */
    public long serialisationNanos(int frameBytes) {
        if (bandwidthBitsPerSecond == UNLIMITED) {
            return 0;
        }
        return Math.ceilDiv(frameBytes * 8L * 1_000_000_000L, bandwidthBitsPerSecond);
    }

    /** Builds a {@link LinkProfile}; {@link #build()} validates. */
    public static final class Builder {
        private long latencyNanos;
        private long bandwidthBitsPerSecond = UNLIMITED;
        private int queueFrames = UNLIMITED;
        private long queueBytes = UNLIMITED;
        private ImpairmentProfile toSwitch = ImpairmentProfile.NONE;
        private ImpairmentProfile fromSwitch = ImpairmentProfile.NONE;

        private Builder() {
        }

        /** One-way propagation delay. */
        public Builder latencyNanos(long nanos) {
            latencyNanos = nanos;
            return this;
        }

        /** Wire speed in bit/s ({@link #UNLIMITED} for none). */
        public Builder bandwidthBitsPerSecond(long bitsPerSecond) {
            bandwidthBitsPerSecond = bitsPerSecond;
            return this;
        }

        /** Queue limit in frames ({@link #UNLIMITED} for none). */
        public Builder queueFrames(int frames) {
            queueFrames = frames;
            return this;
        }

        /** Queue limit in bytes ({@link #UNLIMITED} for none). */
        public Builder queueBytes(long bytes) {
            queueBytes = bytes;
            return this;
        }

        /** Impairments of the host-to-switch direction. */
        public Builder toSwitch(ImpairmentProfile profile) {
            toSwitch = profile;
            return this;
        }

        /** Impairments of the switch-to-host direction. */
        public Builder fromSwitch(ImpairmentProfile profile) {
            fromSwitch = profile;
            return this;
        }

        /** The same impairments in both directions (each direction still draws its own random stream). */
        public Builder bothWays(ImpairmentProfile profile) {
            toSwitch = profile;
            fromSwitch = profile;
            return this;
        }

        /** The validated profile. */
        public LinkProfile build() {
            return new LinkProfile(latencyNanos, bandwidthBitsPerSecond, queueFrames, queueBytes, toSwitch, fromSwitch);
        }
    }
}
