package org.margay.pdpix.inet;

import java.util.SplittableRandom;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Sga;

/** Test data: seeded pseudo-random elements and their checks. */
final class Bytes {
    private Bytes() {
    }

    /** {@code length} bytes from {@code seed}. */
    static byte[] random(long seed, int length) {
        byte[] b = new byte[length];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** An element holding {@code data}, from {@code os}. */
    static Sga element(LibOS os, byte[] data) {
        Sga sga = os.sgaAlloc(data.length);
        if (sga == null) {
            throw new AssertionError("sgaAlloc(" + data.length + ") failed");
        }
        return sga.fill(data);
    }
}
