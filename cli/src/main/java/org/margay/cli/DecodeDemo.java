package org.margay.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.margay.decode.CaptureDecoder;
import org.margay.decode.DecodeOptions;
import org.margay.decode.DecodeResult;
import org.margay.decode.TcpdumpStyle;
import org.margay.decode.TimestampFormat;
import org.margay.pcap.captures.ProjectCaptures;

/**
 * {@code margay demo --decode}: the first demo, kept for the scripts that rely on it. It decodes a capture the
 * project recorded itself against Linux (shipped in {@code pcap-fixtures}) and checks its decode, line by line,
 * against what the real tcpdump printed for the same file.
 *
 * <p>Its last line is a summary ({@code demo: capture=... packets=N agree=N/M with tcpdump ok}); the exit code is 0
 * only if every line agrees.
 */
final class DecodeDemo {
    private DecodeDemo() {
    }

    static int run(String capture, PrintStream out) {
        out.println("Margay demo: decoding '" + capture + "', a capture the project recorded itself (two Linux"
                + " network namespaces over a veth pair: ARP, ping, UDP, ICMP port unreachable, a TCP connection).");
        out.println("Each line below is Margay's decode through its own wire views, printed like `tcpdump -n -e -tttt`.");
        out.println();

        TcpdumpStyle style = new TcpdumpStyle(true, 0, false, TimestampFormat.DATE_AND_TIME, false);
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        DecodeResult result;
        try (PrintStream sink = new PrintStream(decoded, true, StandardCharsets.UTF_8)) {
            result = CaptureDecoder.decode(ProjectCaptures.open(capture), capture, DecodeOptions.tcpdump(style),
                    sink, System.err);
        }
        String ours = decoded.toString(StandardCharsets.UTF_8);
        out.print(ours);
        out.println();

        List<String> mine = ours.lines().toList();
        List<String> reference = ProjectCaptures.tcpdumpDecode(capture).lines().toList();
        int agree = 0;
        for (int i = 0; i < Math.min(mine.size(), reference.size()); i++) {
            if (mine.get(i).equals(reference.get(i))) {
                agree++;
            } else {
                out.println("differs from tcpdump at packet " + (i + 1) + ":");
                out.println("  margay : " + mine.get(i));
                out.println("  tcpdump: " + reference.get(i));
            }
        }
        int total = Math.max(mine.size(), reference.size());
        boolean ok = result.ok() && agree == total;
        out.println("demo: capture=" + capture + " packets=" + result.packets() + " agree=" + agree + "/" + total
                + " with tcpdump " + (ok ? "ok" : "MISMATCH"));
        return ok ? 0 : 1;
    }
}
