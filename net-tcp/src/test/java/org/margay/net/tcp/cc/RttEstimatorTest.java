package org.margay.net.tcp.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** RFC 6298 rules, one test per rule, with values computed by hand from the RFC's formulas. */
class RttEstimatorTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    /** RFC 6298 with its own 1 s floor and G = 1 ms: the setting of rfc-test-vectors.md §5. */
    private static RttEstimator rfcFloor() {
        return new RttEstimator(S, S, 60 * S, MS);
    }

    /** No effective floor, so the raw RTO of §2.2/§2.3 shows. */
    private static RttEstimator noFloor() {
        return new RttEstimator(S, 1, 60 * S, MS);
    }

    @Test
    void beforeAnySampleRtoIsTheInitialOneSecond() { // RFC 6298 §2.1
        RttEstimator rtt = new RttEstimator();
        assertEquals(S, rtt.rtoNanos());
        assertFalse(rtt.hasSample());
        assertEquals(0, rtt.srttNanos());
        assertEquals(0, rtt.rttvarNanos());
        assertEquals(0, rtt.latestRttNanos());
        assertEquals(0, rtt.minRttNanos());
        assertEquals(200 * MS, rtt.minRtoNanos());
        assertEquals(60 * S, rtt.maxRtoNanos());
    }

    @Test
    void firstSampleSetsSrttAndHalfVariance() { // RFC 6298 §2.2
        RttEstimator rtt = noFloor();
        assertTrue(rtt.sample(100 * MS));
        assertTrue(rtt.hasSample());
        assertEquals(100 * MS, rtt.srttNanos());
        assertEquals(50 * MS, rtt.rttvarNanos());
        assertEquals(300 * MS, rtt.rtoNanos()); // 100 + max(1, 4·50)
    }

    @Test
    void laterSamplesUpdateVarianceBeforeSrtt() { // RFC 6298 §2.3
        RttEstimator rtt = noFloor();
        rtt.sample(100 * MS);
        rtt.sample(120 * MS);
        // RTTVAR = 0.75·50 + 0.25·|100 − 120| = 42.5 (uses the old SRTT); SRTT = 0.875·100 + 0.125·120 = 102.5
        assertEquals(42_500_000L, rtt.rttvarNanos());
        assertEquals(102_500_000L, rtt.srttNanos());
        assertEquals(272_500_000L, rtt.rtoNanos());
    }

    @Test
    void corpusSequenceByHand() { // rfc-test-vectors.md §5, recomputed here
        RttEstimator rtt = rfcFloor();
        RttEstimator raw = noFloor();
        long[] samples = {100 * MS, 120 * MS, 400 * MS, 1500 * MS};
        double[] rttvar = {50, 42.5, 106.25, 419.765625};
        double[] srtt = {100, 102.5, 139.6875, 309.7265625};
        double[] rawRto = {300, 272.5, 564.6875, 1988.7890625};
        for (int i = 0; i < samples.length; i++) {
            rtt.sample(samples[i]);
            raw.sample(samples[i]);
            assertNear(rttvar[i] * MS, rtt.rttvarNanos(), "RTTVAR after sample " + (i + 1));
            assertNear(srtt[i] * MS, rtt.srttNanos(), "SRTT after sample " + (i + 1));
            assertNear(rawRto[i] * MS, raw.rtoNanos(), "raw RTO after sample " + (i + 1));
            assertNear(Math.max(1000, rawRto[i]) * MS, rtt.rtoNanos(), "RTO with 1 s floor after sample " + (i + 1));
        }
        rtt.backoff(); // RFC 6298 §5.5
        assertNear(3977.578125 * MS, rtt.rtoNanos(), "first back-off");
        rtt.backoff();
        assertNear(7955.15625 * MS, rtt.rtoNanos(), "second back-off");
        for (int i = 0; i < 10; i++) {
            rtt.backoff();
        }
        assertEquals(60 * S, rtt.rtoNanos(), "RFC 6298 §2.5 ceiling");
        assertEquals(12, rtt.backoffCount());
    }

    @Test
    void corpusTableAgrees() throws IOException {
        String corpus = System.getProperty("margay.corpus");
        Path vectors = corpus == null ? null : Path.of(corpus, "rfc-test-vectors.md");
        Assumptions.assumeTrue(vectors != null && Files.isReadable(vectors),
                "outside corpus (margay.corpus/rfc-test-vectors.md) not present: skipping its RTO table");
        List<double[]> rows = rtoRows(Files.readAllLines(vectors));
        Assumptions.assumeTrue(rows.size() >= 4, "no RTO table rows found in rfc-test-vectors.md §5");
        RttEstimator rtt = new RttEstimator(S, S, 60 * S, MS);
        for (double[] row : rows) { // R', RTTVAR, SRTT, raw RTO, RTO with floor (ms)
            rtt.sample(Math.round(row[0] * MS));
            assertNear(row[1] * MS, rtt.rttvarNanos(), "RTTVAR for R'=" + row[0]);
            assertNear(row[2] * MS, rtt.srttNanos(), "SRTT for R'=" + row[0]);
            assertEquals(row[4], rtt.rtoNanos() / (double) MS, 0.01, "RTO for R'=" + row[0]);
        }
    }

    /** The numeric rows of the §5 table: the value of each cell is what follows its last '='. */
    private static List<double[]> rtoRows(List<String> lines) {
        List<double[]> rows = new ArrayList<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.contains("RTO computation");
                continue;
            }
            if (!inSection || !line.startsWith("|")) {
                continue;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 7) {
                continue;
            }
            double[] row = new double[5];
            try {
                for (int i = 0; i < 5; i++) {
                    String cell = cells[i + 2];
                    row[i] = Double.parseDouble(cell.substring(cell.lastIndexOf('=') + 1).trim());
                }
            } catch (NumberFormatException notANumericRow) {
                continue;
            }
            rows.add(row);
        }
        return rows;
    }

    @Test
    void granularityDominatesOnceVarianceVanishes() { // RFC 6298 §2.3: max(G, K·RTTVAR)
        RttEstimator rtt = noFloor();
        for (int i = 0; i < 60; i++) {
            rtt.sample(100 * MS);
        }
        assertEquals(100 * MS, rtt.srttNanos());
        assertTrue(rtt.rttvarNanos() < 250_000, "RTTVAR decays below G/4");
        assertEquals(101 * MS, rtt.rtoNanos());
    }

    @Test
    void floorAppliesWhenComputedRtoIsSmall() { // RFC 6298 §2.4, Margay's 200 ms floor
        RttEstimator rtt = new RttEstimator();
        rtt.sample(10 * MS); // raw 10 + 4·5 = 30 ms
        assertEquals(200 * MS, rtt.rtoNanos());
    }

    @Test
    void ceilingAppliesWhenComputedRtoIsLarge() { // RFC 6298 §2.5
        RttEstimator rtt = new RttEstimator();
        rtt.sample(50 * S); // raw 50 + 100 s
        assertEquals(60 * S, rtt.rtoNanos());
    }

    @Test
    void backoffDoublesAndASampleCollapsesIt() { // RFC 6298 §5.5 and the note after §5.7
        RttEstimator rtt = new RttEstimator();
        rtt.backoff();
        assertEquals(2 * S, rtt.rtoNanos());
        rtt.backoff();
        assertEquals(4 * S, rtt.rtoNanos());
        assertEquals(2, rtt.backoffCount());
        rtt.sample(100 * MS);
        assertEquals(300 * MS, rtt.rtoNanos());
        assertEquals(0, rtt.backoffCount());
        rtt.backoff();
        assertEquals(600 * MS, rtt.rtoNanos());
        rtt.resetBackoff();
        assertEquals(300 * MS, rtt.rtoNanos());
        assertEquals(0, rtt.backoffCount());
    }

    @Test
    void synRetransmittedMeansThreeSecondsWhenDataBegins() { // RFC 6298 §5.7
        RttEstimator rtt = new RttEstimator();
        rtt.backoff(); // the SYN timed out
        rtt.onSynRetransmittedBeforeData();
        assertEquals(3 * S, rtt.rtoNanos());
        assertEquals(0, rtt.backoffCount());

        RttEstimator measured = new RttEstimator();
        measured.sample(100 * MS); // e.g. from a timestamp echo: the rule does not apply
        measured.onSynRetransmittedBeforeData();
        assertEquals(300 * MS, measured.rtoNanos());

        RttEstimator slowStart = new RttEstimator(5 * S, 200 * MS, 60 * S, MS);
        slowStart.onSynRetransmittedBeforeData(); // already >= 3 s
        assertEquals(5 * S, slowStart.rtoNanos());
    }

    @Test
    void negativeSamplesAreIgnored() {
        RttEstimator rtt = new RttEstimator();
        assertFalse(rtt.sample(-1));
        assertFalse(rtt.hasSample());
        assertEquals(S, rtt.rtoNanos());
    }

    @Test
    void latestAndAllTimeMinimumWithoutTimestamps() { // RFC 8985 §6.2 inputs
        RttEstimator rtt = new RttEstimator();
        rtt.sample(30 * MS);
        rtt.sample(20 * MS);
        rtt.sample(50 * MS);
        assertEquals(50 * MS, rtt.latestRttNanos());
        assertEquals(20 * MS, rtt.minRttNanos());
    }

    @Test
    void minimumRttIsWindowed() { // RFC 8985 §6.2: a windowed min-filter, here 10 s
        RttEstimator rtt = new RttEstimator(S, 200 * MS, 60 * S, MS, 10 * S);
        rtt.sample(10 * MS, 0);
        rtt.sample(30 * MS, 5 * S);
        assertEquals(10 * MS, rtt.minRttNanos());
        rtt.sample(40 * MS, 11 * S); // the 10 ms sample left the window; 30 ms (at 5 s) is the minimum
        assertEquals(30 * MS, rtt.minRttNanos());
        rtt.sample(50 * MS, 20 * S); // window [10 s, 20 s]: 40 ms (at 11 s)
        assertEquals(40 * MS, rtt.minRttNanos());
        rtt.sample(5 * MS, 21 * S); // a new minimum replaces everything
        assertEquals(5 * MS, rtt.minRttNanos());
    }

    @Test
    void resetForgetsEverything() {
        RttEstimator rtt = new RttEstimator();
        rtt.sample(100 * MS);
        rtt.backoff();
        rtt.reset();
        assertFalse(rtt.hasSample());
        assertEquals(S, rtt.rtoNanos());
        assertEquals(0, rtt.minRttNanos());
        assertEquals(0, rtt.backoffCount());
    }

    @Test
    void badBoundsAreRejectedWithAMessage() {
        assertThrows(IllegalArgumentException.class, () -> new RttEstimator(S, 0, 60 * S, MS));
        assertThrows(IllegalArgumentException.class, () -> new RttEstimator(100 * MS, 200 * MS, 60 * S, MS));
        assertThrows(IllegalArgumentException.class, () -> new RttEstimator(S, 200 * MS, 500 * MS, MS));
        assertThrows(IllegalArgumentException.class, () -> new RttEstimator(S, 200 * MS, 60 * S, -1));
        assertThrows(IllegalArgumentException.class, () -> new RttEstimator(S, 200 * MS, 60 * S, MS, 0));
    }

    private static void assertNear(double expectedNanos, long actualNanos, String what) {
        assertEquals(expectedNanos, actualNanos, 16, what); // integer nanoseconds: a few ns of truncation
    }
}
