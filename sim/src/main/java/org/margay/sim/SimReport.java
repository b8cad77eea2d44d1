package org.margay.sim;

import java.util.Locale;

/**
 * What one simulated run produced, for tests and the {@code margay sim} command.
 *
 * @param scenario            a short name of what ran
 * @param seed                the seed the run used (impairments, ISNs, payload)
 * @param intact              every byte sent arrived, in order, unchanged, and every connection closed cleanly
 * @param bytesDelivered      application bytes received and checked, both directions, all connections
 * @param bytesExpected       application bytes that should have arrived
 * @param connections         connections opened
 * @param connectionsClosed   connections that reached CLOSED (or TIME-WAIT) without an error
 * @param retransmissions     TCP retransmissions of both hosts (RTO, fast, RACK, TLP)
 * @param fastPathShare       share of received TCP segments taken by header prediction, 0..1
 * @param virtualTimeNanos    virtual time the run took
 * @param framesDropped       frames the links dropped (loss and queue overflow)
 * @param framesCorrupted     frames the links corrupted
 * @param problem             why the run is not intact, or the empty string
 */
public record SimReport(String scenario, long seed, boolean intact, long bytesDelivered, long bytesExpected,
                        int connections, int connectionsClosed, long retransmissions, double fastPathShare,
                        long virtualTimeNanos, long framesDropped, long framesCorrupted, String problem) {

    /** One line for logs and the CLI; always contains {@code intact=true} or {@code intact=false}. */
    public String summaryLine() {
        return String.format(Locale.ROOT,
                "%s seed=%d intact=%s bytes=%d/%d connections=%d closed=%d retransmissions=%d fastPath=%.1f%% "
                        + "virtualTime=%.3fs dropped=%d corrupted=%d%s",
                scenario, seed, intact, bytesDelivered, bytesExpected, connections, connectionsClosed, retransmissions,
                fastPathShare * 100.0, virtualTimeNanos / 1e9, framesDropped, framesCorrupted,
                problem.isEmpty() ? "" : " problem=\"" + problem + "\"");
    }
}
