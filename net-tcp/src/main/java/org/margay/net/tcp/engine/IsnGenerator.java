package org.margay.net.tcp.engine;

/**
 * Initial sequence numbers per RFC 6528 §3: {@code ISN = M + F(localip, localport, remoteip, remoteport,
 * secretkey)}, where M is a timer that ticks every 4 microseconds and F is SipHash-2-4 keyed with a 128-bit secret
 * chosen when the layer starts. Allocation-free.
 *
 * <p>What must stay true: for one 4-tuple, ISNs grow with time (so a new incarnation starts above an old one's
 * sequence space, RFC 9293 §3.4.1), while different 4-tuples get unrelated offsets that an off-path attacker
 * cannot guess without the key.
 */
public final class IsnGenerator {
    /** RFC 9293 §3.4.1 / RFC 6528 §3: M ticks every 4 µs. */
    public static final long TICK_NANOS = 4_000L;

    private final long k0;
    private final long k1;

    /** A generator keyed with the two 64-bit halves of the secret. */
    public IsnGenerator(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** The ISN for this 4-tuple at {@code nowNanos}. */
    public int isn(long nowNanos, int localIp, int localPort, int remoteIp, int remotePort) {
        long f = SipHash.hash16(k0, k1, tupleWord(localIp, remoteIp), portsWord(localPort, remotePort));
        return (int) (nowNanos / TICK_NANOS) + (int) f;
    }

    static long tupleWord(int localIp, int remoteIp) {
        return ((long) localIp << 32) | (remoteIp & 0xFFFFFFFFL);
    }

    static long portsWord(int localPort, int remotePort) {
        return ((long) (localPort & 0xFFFF) << 16) | (remotePort & 0xFFFF);
    }
}
