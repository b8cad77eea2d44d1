package org.margay.packetdrill.run;

import java.util.HashMap;
import java.util.Map;

/**
 * packetdrill's two numbering spaces. The script writes sequence numbers relative to ISNs it chooses; the stack
 * picks its own. The peer's numbers are used as written (the runner is the peer), so only the stack's side needs
 * a mapping: the script's ISN for the stack (0 in practice) stands for the ISN the stack really sent, learned from
 * the first SYN or SYN-ACK it sends. Timestamps likewise: the TS val the script writes in an outbound packet stands
 * for the value the stack really sent, so that an inbound TS ecr written as that script value is rewritten to the
 * live one; TS val checking (with {@code --tcp_ts_tick_usecs}) measures the stack's values from the first one seen.
 */
final class SequenceSpace {
    private static final long MASK = 0xFFFF_FFFFL;
    private long scriptLocalIsn;
    private long liveLocalIsn;
    private final Map<Long, Long> tsScriptToLive = new HashMap<>();
    private boolean tsBaseKnown;
    private long firstScriptTs;
    private long firstLiveTs;

    /** The stack sent its SYN or SYN-ACK with {@code liveSeq} where the script wrote {@code scriptSeq}. */
    void learnLocalIsn(long scriptSeq, long liveSeq) {
        scriptLocalIsn = scriptSeq & MASK;
        liveLocalIsn = liveSeq & MASK;
    }

    /** A stack sequence number (live) in script space. */
    long localToScript(long live) {
        return (live - liveLocalIsn + scriptLocalIsn) & MASK;
    }

    /** A script sequence number of the stack's space in live space (for inbound ACKs, SACK blocks, ICMP quotes). */
    long localToLive(long script) {
        return (script - scriptLocalIsn + liveLocalIsn) & MASK;
    }

    /** The offset to add to a script number of the stack's space to make it live. */
    long localOffset() {
        return (liveLocalIsn - scriptLocalIsn) & MASK;
    }

    /** An outbound packet carried TS val {@code live} where the script wrote {@code script}. */
    void learnTimestamp(long script, long live) {
        tsScriptToLive.put(script & MASK, live & MASK);
        if (!tsBaseKnown) {
            tsBaseKnown = true;
            firstScriptTs = script & MASK;
            firstLiveTs = live & MASK;
        }
    }

    /** Whether a first outbound timestamp has been seen. */
    boolean timestampBaseKnown() {
        return tsBaseKnown;
    }

    /** A live TS val of the stack expressed in script space (from the first value seen). */
    long timestampToScript(long live) {
        return (firstScriptTs + (live - firstLiveTs)) & MASK;
    }

    /** The live TS val a script TS ecr refers to, or null when no outbound packet carried that script value. */
    Long echoToLive(long script) {
        return tsScriptToLive.get(script & MASK);
    }

    /** Interpolated live TS ecr (packetdrill's --tcp_ts_ecr_scaled), or null before the first outbound TS. */
    Long echoScaled(long script) {
        return tsBaseKnown ? (script - firstScriptTs + firstLiveTs) & MASK : null;
    }
}
