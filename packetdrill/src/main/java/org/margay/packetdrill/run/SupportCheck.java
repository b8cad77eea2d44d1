package org.margay.packetdrill.run;

import org.margay.net.tcp.engine.TcpConfig;
import org.margay.packetdrill.Profile;
import org.margay.packetdrill.script.Event;
import org.margay.packetdrill.script.EventBody;
import org.margay.packetdrill.script.PacketSpec;
import org.margay.packetdrill.script.Script;
import org.margay.packetdrill.script.TcpOption;

/**
 * The check that runs before a script: every knob, socket option, system call, TCP option, packet kind and
 * TCP_INFO field it uses must be modelled, so an unsupported script is reported as such (with the reason and line)
 * instead of failing part way through.
 */
final class SupportCheck {
    private SupportCheck() {
    }

    /**
     * Throws {@link UnsupportedFeature} (naming the line) for the first event that needs something not modelled, and
     * {@link ScriptFailure} for a system call the script writes wrongly. Nothing runs.
     */
    static void check(Script script, Profile profile, TcpConfig knobConfig, SocketLayer sockets)
            throws UnsupportedFeature, ScriptFailure {
        TcpConfig.Builder scratch = knobConfig.toBuilder();
        for (Event e : script.events()) {
            try {
                switch (e.body()) {
                    case EventBody.Packet p -> checkPacket(p);
                    case EventBody.Syscall s -> sockets.compile(s);
                    case EventBody.Command c -> {
                        for (ShellCommand.Action a : ShellCommand.parse(c.text())) {
                            switch (a) {
                                case ShellCommand.Unknown u -> throw new UnsupportedFeature("shell command not"
                                        + " interpreted: `" + u.text() + "`");
                                case ShellCommand.Sysctl s -> {
                                    String why = Knobs.apply(profile, s.name(), s.value(), scratch);
                                    if (why != null) {
                                        throw new UnsupportedFeature(why);
                                    }
                                }
                                default -> {
                                }
                            }
                        }
                    }
                    case EventBody.Code c -> AssertEvaluator.run(c.text(), f -> 1);
                }
            } catch (UnsupportedFeature u) {
                throw new UnsupportedFeature(u.getMessage() + " (line " + e.line() + ")");
            } catch (ScriptFailure f) {
                throw new ScriptFailure("line " + e.line() + ": script error: " + f.getMessage());
            }
        }
    }

    private static void checkPacket(EventBody.Packet p) throws UnsupportedFeature {
        switch (p.spec()) {
            case PacketSpec.Tcp t -> {
                if (InboundBuilder.flagBits(t.flags()) < 0) {
                    throw new UnsupportedFeature("TCP flags '" + t.flags() + "' (AccECN counters) are not modelled");
                }
                if (t.options() != null) {
                    for (TcpOption o : t.options()) {
                        if (o instanceof TcpOption.Unmodelled u) {
                            throw new UnsupportedFeature("TCP option " + u.name()
                                    + (u.name().equals("FO") ? " (TCP Fast Open)" : "") + " is not modelled");
                        }
                    }
                }
            }
            case PacketSpec.Udp u -> throw new UnsupportedFeature("UDP packets: the runner models TCP sockets only");
            case PacketSpec.Icmp i -> {
                if (p.direction() == EventBody.Direction.OUTBOUND) {
                    throw new UnsupportedFeature("outbound ICMP packets are not modelled");
                }
                icmpTypeCode(i);
            }
        }
    }

    /** ICMP type and code numbers for the script's names. */
    static int[] icmpTypeCode(PacketSpec.Icmp i) throws UnsupportedFeature {
        String[] unreachable = {"net_unreachable", "host_unreachable", "protocol_unreachable", "port_unreachable",
            "frag_needed", "source_route_failed", "net_unknown", "host_unknown", "source_host_isolated",
            "net_prohibited", "host_prohibited", "net_unreachable_for_tos", "host_unreachable_for_tos",
            "packet_filtered", "precedence_violation", "precedence_cutoff"};
        switch (i.type()) {
            case "unreachable", "dest_unreachable" -> {
                if (i.code() == null) {
                    throw new UnsupportedFeature("ICMP unreachable without a code");
                }
                for (int c = 0; c < unreachable.length; c++) {
                    if (unreachable[c].equals(i.code())) {
                        return new int[] {3, c};
                    }
                }
                throw new UnsupportedFeature("ICMP unreachable code " + i.code() + " is not modelled");
            }
            case "time_exceeded" -> {
                return new int[] {11, "fragment_reassembly_time_exceeded".equals(i.code()) ? 1 : 0};
            }
            default -> throw new UnsupportedFeature("ICMP type " + i.type() + " is not modelled");
        }
    }
}
