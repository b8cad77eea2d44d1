package org.margay.explain.passive;

/**
 * What a passive observer knows about one direction of a TCP connection (the segments one side sends), all on
 * that direction's unwrapped sequence line, with acknowledgments on the peer's line.
 */
final class Direction {
    final SequenceSpace space = new SequenceSpace();
    final SackScoreboard sacked = new SackScoreboard(); // what the peer SACKed of this direction's data
    final RttSampler rtt = new RttSampler();

    boolean baseSet;
    long base;                  // relative numbering starts here: the ISN, or the first sequence seen
    boolean synSeen;
    long isn;
    int offeredShift = -1;      // window scale this side offered in its SYN (RFC 7323 §2.2)
    int shift;                  // the shift applied to this side's windows (0 when unknown or not negotiated)

    boolean nextSet;
    long nextSeq;               // one past the highest sequence sent (RFC 9293 SND.NXT as seen)
    long nextSeqTime;           // when nextSeq last moved

    boolean ackSeen;
    long lastAck;               // the highest cumulative ACK this side sent (on the peer's line)
    long lastAckTime;
    boolean windowSeen;
    long lastWindow;            // scaled
    int dupAcks;

    boolean lastWasKeepAlive;
    boolean lastWasProbe;
    boolean zeroWindow;         // the last window this side advertised was zero
    boolean finSeen;
    long finSeq;
    boolean rstSeen;
    long payloadBytes;

    /** Relative position of an unwrapped number. */
    long relative(long position) {
        return baseSet ? position - base : 0;
    }

    void reset() {
        space.reset();
        sacked.clear();
        rtt.clear();
        baseSet = false;
        synSeen = false;
        offeredShift = -1;
        shift = 0;
        nextSet = false;
        ackSeen = false;
        windowSeen = false;
        dupAcks = 0;
        lastWasKeepAlive = false;
        lastWasProbe = false;
        zeroWindow = false;
        finSeen = false;
        rstSeen = false;
        payloadBytes = 0;
    }
}
