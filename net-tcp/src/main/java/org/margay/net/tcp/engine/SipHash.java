package org.margay.net.tcp.engine;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012), the keyed PRF behind initial sequence numbers (RFC 6528 §3) and
 * SYN cookies (RFC 4987 §3.6). Allocation-free: the message is given as little-endian 64-bit words, so hashing
 * 16 or 24 bytes costs no array. {@link #hash(long, long, byte[])} is the general form (cold path, tests).
 *
 * <p>What must stay true: {@code hash16(k0, k1, m0, m1)} equals {@code hash(k0, k1, bytes)} where {@code bytes}
 * is m0 then m1 in little-endian order (and likewise for 24 bytes); the output for key 00..0f and message
 * 00..0e is {@code 0xa129ca6149be45e5}, the reference vector.
 */
public final class SipHash {
    private SipHash() {
    }

    /** SipHash-2-4 of 16 bytes: the words {@code m0, m1} (little-endian). */
    public static long hash16(long k0, long k1, long m0, long m1) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        // word m0
        v3 ^= m0;
        for (int i = 0; i < 2; i++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= m0;
        // word m1
        v3 ^= m1;
        for (int i = 0; i < 2; i++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= m1;
        return finish(v0, v1, v2, v3, 16L << 56);
    }

    /** SipHash-2-4 of 24 bytes: the words {@code m0, m1, m2} (little-endian). */
    public static long hash24(long k0, long k1, long m0, long m1, long m2) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        for (int w = 0; w < 3; w++) {
            long m = w == 0 ? m0 : w == 1 ? m1 : m2;
            v3 ^= m;
            for (int i = 0; i < 2; i++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        return finish(v0, v1, v2, v3, 24L << 56);
    }

    /** SipHash-2-4 of any byte string (cold path; the reference form the word versions are tested against). */
    public static long hash(long k0, long k1, byte[] message) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int full = message.length & ~7;
        for (int at = 0; at < full; at += 8) {
            long m = 0;
            for (int b = 7; b >= 0; b--) {
                m = (m << 8) | (message[at + b] & 0xFF);
            }
            v3 ^= m;
            for (int i = 0; i < 2; i++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= m;
        }
        long last = ((long) message.length & 0xFF) << 56;
        for (int b = message.length - 1; b >= full; b--) {
            last |= (long) (message[b] & 0xFF) << (8 * (b - full));
        }
        return finish(v0, v1, v2, v3, last);
    }

    private static long finish(long v0, long v1, long v2, long v3, long b) {
        v3 ^= b;
        for (int i = 0; i < 2; i++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= b;
        v2 ^= 0xff;
        for (int i = 0; i < 4; i++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
