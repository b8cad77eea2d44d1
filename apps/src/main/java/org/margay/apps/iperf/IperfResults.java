package org.margay.apps.iperf;

import java.util.Locale;

/**
 * Writes the server's results document of iperf3's EXCHANGE_RESULTS step: CPU use, whether the sender knows its
 * retransmissions, and one entry per stream ({@code id}, {@code bytes}, {@code retransmits}, {@code jitter},
 * {@code errors}, {@code packets}, {@code start_time}, {@code end_time}) — the fields the iperf3 client requires.
 *
 * <p>PDPIX does not expose TCP retransmission counts, so a sending server reports none
 * ({@code sender_has_retransmits: 0}) and a receiving one reports "not the sender" (-1), as iperf3 itself does.
 */
public final class IperfResults {
    private IperfResults() {
    }

    /**
     * The results document.
     *
     * @param cpuPercent  this process's CPU use over the test, percent of one CPU
     * @param sender      whether the server sent (reverse test)
     * @param bytes       bytes per stream, in stream order
     * @param seconds     the test's duration as the server measured it
     * @param outputText  server output for {@code --get-server-output}, or null
     */
    public static String json(double cpuPercent, boolean sender, long[] bytes, double seconds, String outputText) {
        StringBuilder b = new StringBuilder(256);
        b.append(String.format(Locale.ROOT, "{\"cpu_util_total\":%.6f,\"cpu_util_user\":%.6f,\"cpu_util_system\":0,",
                cpuPercent, cpuPercent));
        b.append("\"sender_has_retransmits\":").append(sender ? 0 : -1).append(",\"streams\":[");
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"id\":").append(IperfProtocol.streamId(i)).append(",\"bytes\":").append(bytes[i])
                    .append(",\"retransmits\":").append(sender ? 0 : -1)
                    .append(",\"jitter\":0,\"errors\":0,\"packets\":0,\"start_time\":0,\"end_time\":")
                    .append(String.format(Locale.ROOT, "%.6f", seconds)).append('}');
        }
        b.append(']');
        if (outputText != null) {
            b.append(",\"server_output_text\":").append(Json.quote(outputText));
        }
        return b.append('}').toString();
    }
}
