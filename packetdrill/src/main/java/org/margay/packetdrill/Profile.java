package org.margay.packetdrill;

import java.util.Locale;
import org.margay.net.tcp.engine.TcpConfig;

/**
 * Which operating system's TCP the scripts were written against, as a configuration of Margay's engine (never a
 * fork of it). The defaults of each profile are what that system's test suites assume; the knobs a script sets on
 * top are applied by the runner's knob table, and a profile's documented defaults may be re-asserted by a script
 * without effect.
 *
 * <h2>Linux (google/packetdrill's {@code defaults.sh}, the kernel selftests' {@code defaults.sh})</h2>
 * Those files flush the TCP metrics cache and set, in substance: receive buffers 4 KiB / 540 000 B / 15 MiB (min,
 * default, max) and send buffers 4 KiB / 256 KiB / 4 MiB; timestamps, SACK and D-SACK on, FACK off; five SYN and
 * five SYN-ACK retries; F-RTO; a reordering degree (DupThresh) of 3; CUBIC; no slow start after idle; RACK with tail
 * loss probes; a TSO deferral divisor of 3; ECN off; pacing ratios 200 %/120 %; no not-sent low-water mark; Fast Open
 * with a fixed key; SYN cookies; and a plain FIFO queue on the test device. This profile configures Margay with:
 * initial window 10, RTO 1 s initially, 200 ms minimum, 120 s maximum; Linux's delayed ACK (40 ms, quick-ACK mode
 * for the first 16 segments); CUBIC; SACK, timestamps and window scaling on; RACK and TLP; SYN cookies; 5 SYN and 5
 * SYN-ACK retries; Linux's timers and windows ({@code TcpConfig.Builder.linuxStyle()}: the ACK of a FIN delayed,
 * slow start by 1 SMSS per ACK, ssthresh from cwnd, RTO = SRTT + max(4·RTTVAR, 200 ms)); a 256 KiB send buffer; and
 * a receive buffer of the 15 MiB maximum, because Linux derives the
 * window-scale shift it offers (8) from that maximum and Margay derives it from its one buffer size. Margay has no
 * F-RTO, pacing, TSO, ECN or Fast Open: those defaults are accepted but not modelled.
 *
 * <h2>FreeBSD (freebsd-net/tcp-testsuite)</h2>
 * Timestamps and window scaling (rfc1323), SACK on; initial RTO 1 s, minimum 30 ms; delayed ACK 100 ms without a
 * quick-ACK mode; NewReno; initial window 10; no RACK or TLP; 64 KiB receive and 32 KiB send buffers; FreeBSD's
 * wire habits ({@code TcpConfig.Builder.bsdStyle()}): its SYN option layout, the receive buffer rounded up to a
 * multiple of the MSS, all free space advertised; and the window-scale shift 6 that covers kern.ipc.maxsockbuf
 * (2 MiB), which FreeBSD offers whatever the socket's buffer.
 */
public enum Profile {
    /** Linux's TCP as packetdrill's Linux suites configure it. */
    LINUX("linux"),
    /** FreeBSD's TCP as the FreeBSD test suite configures it. */
    FREEBSD("freebsd");

    private final String id;

    Profile(String id) {
        this.id = id;
    }

    /** The name used on the command line. */
    public String id() {
        return id;
    }

    /** The profile called {@code name} ("linux" or "freebsd"). */
    public static Profile forName(String name) {
        for (Profile p : values()) {
            if (p.id.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + name + "': choose linux or freebsd");
    }

    /**
     * The profile a script was written for, from its sysctl names: FreeBSD's {@code net.inet.} and {@code kern.}
     * knobs mean FreeBSD, anything else Linux.
     */
    public static Profile detect(String scriptText) {
        return scriptText.contains("net.inet.") || scriptText.contains("kern.ipc.") ? FREEBSD : LINUX;
    }

    /** The engine configuration this profile starts from (the script's knobs and socket options apply on top). */
    public TcpConfig.Builder baseTcp() {
        TcpConfig.Builder b = TcpConfig.builder().mtu(1500).windowScaling(true).sack(true).timestamps(true)
                .initialWindowSegments(10).initialRtoNanos(1_000_000_000L);
        return switch (this) {
            case LINUX -> b.minRtoNanos(200_000_000L).maxRtoNanos(120_000_000_000L).linuxDelayedAck().linuxStyle()
                    .congestionControl("cubic").rack(true).tailLossProbe(true).synCookies(true).synRetries(5)
                    .synAckRetries(5).sendBufferSize(256 * 1024).receiveBufferSize(15 * 1024 * 1024);
            case FREEBSD -> b.minRtoNanos(30_000_000L).maxRtoNanos(64_000_000_000L).delayedAckNanos(100_000_000L)
                    .quickAckSegments(0).congestionControl("newreno").rack(false).tailLossProbe(false)
                    .sendBufferSize(32 * 1024).receiveBufferSize(64 * 1024).windowShift(6).bsdStyle();
        };
    }

    /**
     * The buffer a socket gets for {@code SO_RCVBUF}/{@code SO_SNDBUF} = {@code requested}: Linux doubles the value
     * (socket(7): "the kernel doubles this value"), FreeBSD takes it as is.
     */
    public int socketBuffer(long requested) {
        long v = this == LINUX ? 2 * requested : requested;
        return (int) Math.max(1024, Math.min(v, TcpConfig.MAX_BUFFER));
    }

    /** {@code O_NONBLOCK}'s value on this system. */
    public long nonBlockFlag() {
        return this == LINUX ? 0x800 : 0x4;
    }

    /** packetdrill's default timing tolerance: 4 ms. */
    public long defaultToleranceMicros() {
        return 4_000;
    }
}
