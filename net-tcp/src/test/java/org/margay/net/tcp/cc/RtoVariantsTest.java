package org.margay.net.tcp.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Linux's RTO (floor on the variance term) and FreeBSD's RTO slop, beside RFC 6298's. */
class RtoVariantsTest {
    private static final long MS = 1_000_000L;

    private static RttEstimator twoSamples(boolean linux) {
        RttEstimator r = new RttEstimator(1000 * MS, 200 * MS, 60_000 * MS, MS);
        r.floorOnVariance(linux);
        r.sample(100 * MS);
        r.sample(100 * MS); // SRTT 100 ms, RTTVAR 37.5 ms
        return r;
    }

    @Test
    void rfc6298FloorsTheSumLinuxFloorsTheVarianceTerm() {
        assertEquals(250 * MS, twoSamples(false).rtoNanos()); // 100 + 4 · 37.5
        assertEquals(300 * MS, twoSamples(true).rtoNanos()); // 100 + max(150, 200)
    }

    @Test
    void slopIsAddedAfterASampleOrBackOffOnly() {
        RttEstimator r = new RttEstimator(1000 * MS, 30 * MS, 64_000 * MS, MS);
        r.slop(200 * MS);
        assertEquals(1000 * MS, r.rtoNanos());
        r.backoff();
        assertEquals(2200 * MS, r.rtoNanos());
        r.sample(100 * MS);
        assertEquals(300 * MS + 200 * MS, r.rtoNanos()); // 100 + 4 · 50, then the slop
        assertThrows(IllegalArgumentException.class, () -> r.slop(-1));
    }
}
