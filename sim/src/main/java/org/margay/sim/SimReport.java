package org.margay.sim;

import java.util.Locale;

/**
 * What one simulated run produced, for tests and the {@code margay sim} command.
 *
 * <p>The causes make the counts explainable: every retransmission on a loss-free link should be either a probe the
 * peer reported as a duplicate (D-SACK, RFC 2883: the original had arrived) or answer a drop somewhere, on a link, in
 * a queue, or in a stack.
 *
 * @param scenario            a short name of what ran
 * @param seed                the seed the run used (impairments, ISNs, payload)
 * @param intact              every byte sent arrived, in order, unchanged, and every connection closed cleanly
 * @param bytesDelivered      application bytes received and checked, both directions, all connections
 * @param bytesExpected       application bytes that should have arrived
 * @param connections         connections opened
 * @param connectionsClosed   connections that reached CLOSED (or TIME-WAIT) without an error
 * @param retransmissions     TCP retransmissions of data or FIN, both hosts (RTO, fast, RACK, TLP)
 * @param fastPathShare       share of received TCP segments taken by header prediction, 0..1
 * @param virtualTimeNanos    virtual time the run took
 * @param framesDropped       frames the network dropped: {@link Causes#framesLost()} plus
 *                            {@link Causes#framesDroppedByQueues()}
 * @param framesCorrupted     frames the links corrupted
 * @param problem             why the run is not intact, or the empty string
 * @param causes              the breakdown of retransmissions and drops
 */
public record SimReport(String scenario, long seed, boolean intact, long bytesDelivered, long bytesExpected,
                        int connections, int connectionsClosed, long retransmissions, double fastPathShare,
                        long virtualTimeNanos, long framesDropped, long framesCorrupted, String problem,
                        Causes causes) {

    /**
     * Where retransmissions and drops came from.
     *
     * @param retransmitsRto        after a retransmission timeout (RFC 6298 §5)
     * @param retransmitsFast       fast retransmit and SACK recovery (RFC 5681, RFC 6675)
     * @param retransmitsRack       marked lost by RACK (RFC 8985 §6)
     * @param retransmitsTlp        tail loss probes (RFC 8985 §7)
     * @param dsacksReceived        D-SACK reports received (RFC 2883): the peer got those bytes twice, so the
     *                              retransmission (or a duplicated frame) was not needed
     * @param synRetransmissions    SYN and SYN-ACK retransmissions (not in {@code retransmissions})
     * @param framesLost            frames the links' impairments dropped
     * @param framesDroppedByQueues frames dropped for want of room: link queues, switch egress buffers, host
     *                              receive queues (congestion)
     * @param stackTransmitDrops    outgoing packets the stacks discarded before their device (see
     *                              {@code StackStats#transmitDrops()})
     * @param arpQueueDrops         of those, packets that overflowed the queue of an unresolved neighbour
     */
    public record Causes(long retransmitsRto, long retransmitsFast, long retransmitsRack, long retransmitsTlp,
                         long dsacksReceived, long synRetransmissions, long framesLost, long framesDroppedByQueues,
                         long stackTransmitDrops, long arpQueueDrops) {
    }

    /**
     * One line for logs and the CLI; always contains {@code intact=true} or {@code intact=false}. Breakdowns in
     * parentheses follow a count only when it is not zero.
     */
    public String summaryLine() {
        Causes c = causes;
        String rtx = retransmissions == 0 ? "" : String.format(Locale.ROOT, " (rto=%d fast=%d rack=%d tlp=%d dsacked=%d)",
                c.retransmitsRto(), c.retransmitsFast(), c.retransmitsRack(), c.retransmitsTlp(), c.dsacksReceived());
        String syn = c.synRetransmissions() == 0 ? "" : " synRetransmissions=" + c.synRetransmissions();
        String dropped = framesDropped == 0 ? "" : String.format(Locale.ROOT, " (loss=%d queues=%d)", c.framesLost(),
                c.framesDroppedByQueues());
        String stack = c.stackTransmitDrops() == 0 ? "" : String.format(Locale.ROOT, " stackDrops=%d (arpQueue=%d)",
                c.stackTransmitDrops(), c.arpQueueDrops());
        return String.format(Locale.ROOT,
                "%s seed=%d intact=%s bytes=%d/%d connections=%d closed=%d retransmissions=%d%s%s fastPath=%.1f%% "
                        + "virtualTime=%.3fs dropped=%d%s%s corrupted=%d%s",
                scenario, seed, intact, bytesDelivered, bytesExpected, connections, connectionsClosed, retransmissions,
                rtx, syn, fastPathShare * 100.0, virtualTimeNanos / 1e9, framesDropped, dropped, stack,
                framesCorrupted, problem.isEmpty() ? "" : " problem=\"" + problem + "\"");
    }
}
