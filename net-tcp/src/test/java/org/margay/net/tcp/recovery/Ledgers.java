package org.margay.net.tcp.recovery;

/** Hand-built ledgers for the tests: {@code n} segments of {@code mss} bytes from {@code iss}, one per millisecond. */
final class Ledgers {
    static final int MSS = 1000;
    static final long MS = 1_000_000L;

    private Ledgers() {
    }

    /** Segment k (1-based, as RFCs number them) starts at iss + (k - 1) * MSS and was sent at k ms. */
    static TransmitLedger segments(int iss, int n) {
        TransmitLedger l = new TransmitLedger(64, iss);
        for (int k = 1; k <= n; k++) {
            l.add(iss + (k - 1) * MSS, MSS, 0, k * MS);
        }
        return l;
    }

    /** SACKs segment k alone. */
    static int sack(TransmitLedger l, int iss, int k) {
        return l.applySack(iss + (k - 1) * MSS, iss + k * MSS);
    }

    /** SACKs segments from..to inclusive as one block. */
    static int sack(TransmitLedger l, int iss, int from, int to) {
        return l.applySack(iss + (from - 1) * MSS, iss + to * MSS);
    }
}
