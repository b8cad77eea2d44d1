package org.margay.packetdrill.run;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpState;
import org.margay.net.tcp.engine.TcpStats;

/**
 * The {@code tcpi_} fields of Linux's {@code struct tcp_info} that the engine exposes, read from a
 * {@link TcpConnection}, with Linux's units (microseconds, segments) and numbering; and the symbolic constants
 * scripts compare them with. A field outside {@link #FIELDS} is not modelled: a script that asserts it is
 * unsupported, with the field named.
 *
 * <ul>
 *   <li>{@code tcpi_state}: Linux's numbering ({@code TCP_ESTABLISHED} 1 ... {@code TCP_CLOSING} 11); scripts may
 *       write Linux's {@code TCP_*} or FreeBSD's {@code TCPI_*} names, both defined.</li>
 *   <li>{@code tcpi_snd_cwnd}, {@code tcpi_snd_ssthresh}: the congestion controller's bytes divided by the effective
 *       MSS (Linux counts packets); an unset ssthresh reads as Linux's {@code TCP_INFINITE_SSTHRESH} 0x7fffffff.</li>
 *   <li>{@code tcpi_rto}, {@code tcpi_rtt}, {@code tcpi_rttvar}: RFC 6298 estimator values in microseconds.</li>
 *   <li>{@code tcpi_total_retrans}: every retransmitted segment (data, FIN, SYN).</li>
 *   <li>{@code tcpi_advmss}: the MSS the stack advertises; {@code tcpi_snd_mss}: the effective send MSS.</li>
 *   <li>{@code tcpi_options}: TCPI_OPT_TIMESTAMPS (1) and TCPI_OPT_SACK (2) as negotiated.</li>
 *   <li>{@code tcpi_ca_state}: the engine's congestion state (Open, Disorder, Recovery, Loss; never CWR), Linux's
 *       numbering; {@code tcpi_unacked}: segments not cumulatively acknowledged; {@code tcpi_sacked}: segments
 *       SACKed.</li>
 * </ul>
 */
final class TcpInfo {
    /** The fields this class can read. */
    static final Set<String> FIELDS = Set.of("tcpi_state", "tcpi_snd_cwnd", "tcpi_snd_ssthresh", "tcpi_rto",
            "tcpi_rtt", "tcpi_rttvar", "tcpi_total_retrans", "tcpi_advmss", "tcpi_snd_mss", "tcpi_options",
            "tcpi_ca_state", "tcpi_unacked", "tcpi_sacked");

    private static final long INFINITE_SSTHRESH = 0x7FFF_FFFFL;
    private static final Map<String, Long> CONSTANTS = new HashMap<>();

    static {
        String[][] states = {
            {"ESTABLISHED", "1"}, {"SYN_SENT", "2"}, {"SYN_RECV", "3"}, {"FIN_WAIT1", "4"}, {"FIN_WAIT2", "5"},
            {"TIME_WAIT", "6"}, {"CLOSE", "7"}, {"CLOSE_WAIT", "8"}, {"LAST_ACK", "9"}, {"LISTEN", "10"},
            {"CLOSING", "11"}};
        for (String[] s : states) {
            CONSTANTS.put("TCP_" + s[0], Long.parseLong(s[1]));
        }
        // FreeBSD scripts' names for the same states.
        CONSTANTS.put("TCPI_CLOSED", 7L);
        CONSTANTS.put("TCPI_LISTEN", 10L);
        CONSTANTS.put("TCPI_SYN_SENT", 2L);
        CONSTANTS.put("TCPI_SYN_RECEIVED", 3L);
        CONSTANTS.put("TCPI_ESTABLISHED", 1L);
        CONSTANTS.put("TCPI_CLOSE_WAIT", 8L);
        CONSTANTS.put("TCPI_FIN_WAIT_1", 4L);
        CONSTANTS.put("TCPI_CLOSING", 11L);
        CONSTANTS.put("TCPI_LAST_ACK", 9L);
        CONSTANTS.put("TCPI_FIN_WAIT_2", 5L);
        CONSTANTS.put("TCPI_TIME_WAIT", 6L);
        CONSTANTS.put("TCPI_OPT_TIMESTAMPS", 1L);
        CONSTANTS.put("TCPI_OPT_SACK", 2L);
        CONSTANTS.put("TCPI_OPT_WSCALE", 4L);
        CONSTANTS.put("TCPI_OPT_ECN", 8L);
        CONSTANTS.put("TCPI_OPT_ECN_SEEN", 16L);
        CONSTANTS.put("TCPI_OPT_SYN_DATA", 32L);
        CONSTANTS.put("TCP_CA_Open", 0L);
        CONSTANTS.put("TCP_CA_Disorder", 1L);
        CONSTANTS.put("TCP_CA_CWR", 2L);
        CONSTANTS.put("TCP_CA_Recovery", 3L);
        CONSTANTS.put("TCP_CA_Loss", 4L);
        CONSTANTS.put("True", 1L);
        CONSTANTS.put("False", 0L);
    }

    private TcpInfo() {
    }

    /** A named constant's value, or null. */
    static Long constant(String name) {
        return CONSTANTS.get(name);
    }

    /** Linux's tcpi_state number for an engine state. */
    static long linuxState(TcpState s) {
        return switch (s) {
            case ESTABLISHED -> 1;
            case SYN_SENT -> 2;
            case SYN_RECEIVED -> 3;
            case FIN_WAIT_1 -> 4;
            case FIN_WAIT_2 -> 5;
            case TIME_WAIT -> 6;
            case CLOSED -> 7;
            case CLOSE_WAIT -> 8;
            case LAST_ACK -> 9;
            case LISTEN -> 10;
            case CLOSING -> 11;
        };
    }

    /** The value of {@code field} for {@code c} (one of {@link #FIELDS}). */
    static long read(String field, TcpConnection c, int advertisedMss) {
        TcpStats s = c.stats();
        long mss = Math.max(1, c.effectiveMss());
        return switch (field) {
            case "tcpi_state" -> linuxState(c.state());
            case "tcpi_snd_cwnd" -> s.cwnd() / mss;
            case "tcpi_snd_ssthresh" -> s.ssthresh() >= Integer.MAX_VALUE ? INFINITE_SSTHRESH
                    : Math.min(INFINITE_SSTHRESH, s.ssthresh() / mss);
            case "tcpi_rto" -> s.rtoNanos() / 1000;
            case "tcpi_rtt" -> s.srttNanos() / 1000;
            case "tcpi_rttvar" -> s.rttvarNanos() / 1000;
            case "tcpi_total_retrans" -> s.retransmits() + s.synRetransmits();
            case "tcpi_advmss" -> advertisedMss;
            case "tcpi_snd_mss" -> c.effectiveMss();
            case "tcpi_options" -> (c.timestampsEnabled() ? 1 : 0) | (c.sackEnabled() ? 2 : 0);
            case "tcpi_ca_state" -> c.congestionState();
            case "tcpi_unacked" -> c.unackedSegments();
            case "tcpi_sacked" -> c.sackedSegments();
            default -> throw new IllegalArgumentException("not a modelled tcp_info field: " + field);
        };
    }
}
