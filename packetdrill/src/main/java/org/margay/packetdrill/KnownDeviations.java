package org.margay.packetdrill;

import java.util.Map;

/**
 * Why a corpus script fails or is unsupported, as established by reading the script and the stack: Linux or FreeBSD
 * behaviour the RFCs leave open and Margay does not (yet) reproduce, or a feature Margay does not model. Keyed by the
 * script's file name; {@link ConformanceReport} prints the entry beside the runner's own first mismatch. A script
 * without an entry gets a line saying it is unexplained, so a new regression cannot hide.
 */
final class KnownDeviations {
    private static final Map<String, String> WHY = Map.ofEntries(
            Map.entry("cubic-rto-ss-ca-cwnd-bump.pkt", "everything up to line 88 matches (TLP at the RTO, RTO at "
                    + "SRTT + max(4·RTTVAR, 200 ms), cwnd 2 and ssthresh 7 after the timeout, slow start, CUBIC's "
                    + "congestion avoidance); line 88 expects PSH on one 1000-byte segment in the middle of a 200 000-byte "
                    + "write. Linux marks PSH when a write passes max_window/2 since the last push (tcp_mark_push in "
                    + "forced_push), on the GSO skb being filled, whose boundaries depend on its TSO size goal at write "
                    + "time. RFC 9293 §3.9.1 leaves PSH to the sender; Margay pushes the end of each write."),
            Map.entry("tcp_close_no_rst.pkt", "Margay answers the retransmitted 1:1001 + FIN with a D-SACK for 1:1001, "
                    + "as RFC 2883 §4 asks for duplicate data; Linux sends none because tcp_fin() resets its SACK state "
                    + "(tcp_sack_reset) when the FIN arrives, and the script's own comment asks \"Why do we have a delay "
                    + "and no dsack?\". The rest of the script (no RST on close without unread data, RFC 2525 §2.17) "
                    + "is what Margay does."),
            Map.entry("tcp_rcv_zero_wnd_fin.pkt", "the peer sends 60 000 bytes into a window Linux sized from SO_RCVBUF "
                    + "20 000 (a 40 000-byte buffer); Linux queues the whole segment because its receive queue was empty "
                    + "(it never trims at the right edge) and then accepts the FIN at a zero window. Margay's receive ring "
                    + "holds the 40 000 bytes it offered and trims the rest (RFC 9293 §3.10.7.4), so it acknowledges 40001."),
            Map.entry("no-coalesce-retrans.pkt", "MSG_EOR: Margay's send ring is a byte stream without record "
                    + "boundaries, so it cannot keep later writes out of the record's last segment."),
            Map.entry("sack-shift-sacked-2-6-8-3-9-nofack.pkt", "tcpi_ca_state is modelled and its first assertion "
                    + "passes; the script then asserts tcpi_lost and tcpi_reordering, Linux's own loss marks and "
                    + "reordering degree (RACK and SACK shifting of skbs), which the engine does not count the same way."),
            Map.entry("slow-start-after-win-update.pkt", "sets tcp_slow_start_after_idle=1 and tcp_min_tso_segs=10 and "
                    + "expects cwnd to grow by a whole stretch ACK of 10 segments (Linux counts delivered segments "
                    + "without RFC 3465's limit L); Margay's slow-start-after-idle is RFC 5681 §4.1's and its L is at "
                    + "most 2 SMSS, so the knob is not accepted."),
            Map.entry("tcp_rto_synack_rto_max.pkt", "TCP_FASTOPEN (RFC 7413) is not implemented."));

    private KnownDeviations() {
    }

    /** The recorded explanation for {@code scriptName} (a path; its file name is the key). */
    static String explain(String scriptName, Verdict verdict) {
        String file = scriptName.substring(scriptName.lastIndexOf('/') + 1);
        String why = WHY.get(file);
        if (why != null) {
            return why;
        }
        return verdict == Verdict.UNSUPPORTED ? "unsupported for the reason in the table above (not yet analysed)."
                : "not yet analysed: a failing script is a bug in Margay until shown otherwise.";
    }
}
