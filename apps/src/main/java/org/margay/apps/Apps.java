package org.margay.apps;

import java.nio.file.Path;
import java.util.List;
import org.margay.apps.discard.DiscardApp;
import org.margay.apps.http.HttpApp;
import org.margay.apps.iperf.IperfApp;

/**
 * The registry of {@link App}s by spec, as {@code margay serve --app SPEC} names them:
 * <ul>
 *   <li>{@code echo} — RFC 862 Echo over TCP and UDP (port 7);</li>
 *   <li>{@code discard} — RFC 863 Discard over TCP (port 9);</li>
 *   <li>{@code http:DIR} — an HTTP/1.1 static file server of DIR (port 80);</li>
 *   <li>{@code kv} — a Redis-RESP key-value server (port 6379);</li>
 *   <li>{@code iperf3} — a server for the stock iperf3 client (port 5201).</li>
 * </ul>
 */
public final class Apps {
    /** The specs, as shown in help texts. */
    public static final List<String> SPECS = List.of("echo", "discard", "http:DIR", "kv", "iperf3");

    private Apps() {
    }

    /**
     * The app {@code spec} names.
     *
     * @throws IllegalArgumentException for an unknown name or a bad argument (an {@code http:} directory that does
     *         not exist), with a message saying what is expected
     */
    public static App parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("no app given: expected one of " + String.join(", ", SPECS));
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        String argument = colon < 0 ? null : s.substring(colon + 1);
        switch (name) {
            case "discard" -> {
                if (argument != null && !argument.equals("sha256")) {
                    throw new IllegalArgumentException("app discard takes no argument or sha256 (discard:sha256, which"
                            + " reports the SHA-256 of each connection's bytes), got '" + spec + "'");
                }
                return new DiscardApp(argument != null);
            }
            case "echo", "kv", "iperf3" -> {
                if (argument != null) {
                    throw new IllegalArgumentException("app '" + name + "' takes no argument, got '" + spec + "'");
                }
                return switch (name) {
                    case "echo" -> new EchoApp();
                    case "kv" -> new KvApp();
                    default -> new IperfApp();
                };
            }
            case "http" -> {
                if (argument == null || argument.isBlank()) {
                    throw new IllegalArgumentException("app http needs a directory: http:DIR, got '" + spec + "'");
                }
                return new HttpApp(Path.of(argument));
            }
            default -> throw new IllegalArgumentException("no app named '" + name + "': expected one of "
                    + String.join(", ", SPECS));
        }
    }
}
