package org.margay.pcap.captures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The captures that Margay made itself and ships as resources of this module, for the demo, the tests and
 * teaching. Each was recorded by a script under {@code pcap-fixtures/scripts/} from real runs against Linux,
 * and carries beside it the decode that the real tcpdump printed at the time.
 *
 * <p>Invariant: every name in {@link #NAMES} has a {@code NAME.pcapng} resource and a
 * {@code NAME.tcpdump-n-e-tttt.txt} resource in this package.
 */
public final class ProjectCaptures {
    /**
     * Two Linux network namespaces over a veth pair: ARP, two ICMP echoes, a UDP datagram, a UDP datagram to
     * a closed port answered by ICMP port unreachable, and a short TCP connection with data both ways and a
     * FIN close. Made by {@code scripts/make-linux-captures.sh}.
     */
    public static final String LINUX_VETH_SESSION = "linux-veth-session";

    /** Every shipped capture's name. */
    public static final List<String> NAMES = List.of(LINUX_VETH_SESSION);

    private ProjectCaptures() {
    }

    /** Opens the pcapng of the named capture. The caller closes the stream. */
    public static InputStream open(String name) {
        return resource(name + ".pcapng");
    }

    /** The text {@code TZ=GMT0 tcpdump -n -e -tttt -r} printed for the named capture when it was made. */
    public static String tcpdumpDecode(String name) {
        try (InputStream in = resource(name + ".tcpdump-n-e-tttt.txt")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference decode of " + name, e);
        }
    }

    private static InputStream resource(String file) {
        InputStream in = ProjectCaptures.class.getResourceAsStream(file);
        if (in == null) {
            throw new IllegalArgumentException("no project capture resource '" + file + "'; known: " + NAMES);
        }
        return in;
    }
}
