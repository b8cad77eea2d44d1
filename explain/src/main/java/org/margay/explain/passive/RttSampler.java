package org.margay.explain.passive;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * RTT samples of one sender as seen from where the times were taken: the time from sending new sequence space
 * to the first ACK covering it. Karn's algorithm (RFC 6298 §3): space that was sent more than once gives no
 * sample, because the ACK cannot say which copy it answers.
 */
public final class RttSampler {
    private final ArrayDeque<long[]> outstanding = new ArrayDeque<>(); // {end, time, retransmitted 0/1}

    /** Notes sequence space [start, end) sent at {@code time}; {@code fresh} when it was never sent before. */
    public void sent(long start, long end, long time, boolean fresh) {
        if (end <= start) {
            return;
        }
        if (fresh) {
            outstanding.addLast(new long[] {end, time, 0});
            return;
        }
        for (long[] entry : outstanding) {
            if (entry[0] > start) {
                entry[2] = 1; // covers part of the retransmitted range (entries are in order of their ends)
            }
        }
    }

    /**
     * Notes a cumulative ACK of everything below {@code ack} arriving at {@code time}; returns the RTT sample in
     * nanoseconds, or -1 when it gives none.
     */
    public long acknowledged(long ack, long time) {
        long[] newest = null;
        Iterator<long[]> it = outstanding.iterator();
        while (it.hasNext()) {
            long[] entry = it.next();
            if (entry[0] > ack) {
                break;
            }
            newest = entry;
            it.remove();
        }
        if (newest == null || newest[2] != 0) {
            return -1;
        }
        return Math.max(0, time - newest[1]);
    }

    /** Forgets everything. */
    public void clear() {
        outstanding.clear();
    }
}
