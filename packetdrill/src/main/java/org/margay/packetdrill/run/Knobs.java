package org.margay.packetdrill.run;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.packetdrill.Profile;

/**
 * The sysctl knobs scripts set, per profile: those with a matching Margay setting are applied to the
 * {@link TcpConfig} being built; those without one are accepted only at the profile's default value (a script
 * re-asserting a default changes nothing), and otherwise make the script unsupported, naming the knob.
 */
final class Knobs {
    /** How a knob is handled. */
    private record Knob(String defaultValue, Applier applier, String note) {
    }

    /** Applies a value; returns null, or why the value cannot be honoured. */
    @FunctionalInterface
    private interface Applier {
        String apply(String value, TcpConfig.Builder b);
    }

    private static final Map<String, Knob> LINUX = new HashMap<>();
    private static final Map<String, Knob> FREEBSD = new HashMap<>();

    static {
        String p = "net.ipv4.";
        LINUX.put(p + "tcp_rmem", new Knob("4096 540000 15728640", (v, b) -> {
            long[] n = numbers(v, 3);
            if (n == null) {
                return "tcp_rmem needs three numbers";
            }
            b.receiveBufferSize((int) clampBuffer(n[2]));
            return null;
        }, "the receive buffer takes the maximum (Linux derives the window scale from it)"));
        LINUX.put(p + "tcp_wmem", new Knob("4096 262144 4194304", (v, b) -> {
            long[] n = numbers(v, 3);
            if (n == null) {
                return "tcp_wmem needs three numbers";
            }
            b.sendBufferSize((int) clampBuffer(n[1]));
            return null;
        }, "the send buffer takes the default"));
        LINUX.put(p + "tcp_timestamps", new Knob("1", bool(TcpConfig.Builder::timestamps, "0", "1", "2"), null));
        LINUX.put(p + "tcp_sack", new Knob("1", bool(TcpConfig.Builder::sack, "0", "1"), null));
        LINUX.put(p + "tcp_window_scaling", new Knob("1", bool(TcpConfig.Builder::windowScaling, "0", "1"), null));
        LINUX.put(p + "tcp_syn_retries", new Knob("5", intKnob(0, 127, TcpConfig.Builder::synRetries), null));
        LINUX.put(p + "tcp_synack_retries", new Knob("5", intKnob(0, 127, TcpConfig.Builder::synAckRetries), null));
        LINUX.put(p + "tcp_reordering", new Knob("3", intKnob(1, 64, TcpConfig.Builder::dupAckThreshold), null));
        LINUX.put(p + "tcp_congestion_control", new Knob("cubic", (v, b) -> switch (v) {
            case "cubic" -> {
                b.congestionControl("cubic");
                yield null;
            }
            case "reno" -> {
                b.congestionControl("newreno");
                yield null;
            }
            default -> "congestion control '" + v + "' is not in the engine (cubic, reno)";
        }, null));
        LINUX.put(p + "tcp_early_retrans", new Knob("4", (v, b) -> {
            Long n = number(v);
            if (n == null || n < 0 || n > 4) {
                return "tcp_early_retrans must be 0..4";
            }
            b.tailLossProbe(n >= 3);
            return null;
        }, "3 and 4 turn tail loss probes on"));
        LINUX.put(p + "tcp_recovery", new Knob("1", (v, b) -> {
            Long n = number(v);
            if (n == null || n < 0 || n > 1) {
                return "tcp_recovery bits other than RACK (1) are not modelled";
            }
            b.rack(n == 1);
            return null;
        }, null));
        LINUX.put(p + "tcp_syncookies", new Knob("1", (v, b) -> switch (v) {
            case "0" -> {
                b.synCookies(false);
                yield null;
            }
            case "1" -> {
                b.synCookies(true);
                yield null;
            }
            default -> "tcp_syncookies=" + v + " (cookies always) is not modelled";
        }, null));
        LINUX.put(p + "tcp_rto_max_ms", new Knob("120000", longKnob(1000, 120_000,
                (b, ms) -> b.maxRtoNanos(ms * 1_000_000L)), null));
        LINUX.put(p + "tcp_rto_min_us", new Knob("200000", longKnob(1, 1_000_000,
                (b, us) -> b.minRtoNanos(us * 1_000L)), null));
        LINUX.put(p + "tcp_tso_win_divisor", new Knob(null, (v, b) -> null,
                "Margay has no TSO and never defers a send to build a larger segment: every value reads the same"));
        for (String[] d : new String[][] {
            {"tcp_frto", "2"}, {"tcp_dsack", "1"}, {"tcp_fack", "0"}, {"tcp_slow_start_after_idle", "0"},
            {"tcp_ecn", "0"}, {"tcp_ecn_option", "2"}, {"tcp_pacing_ss_ratio", "200"}, {"tcp_pacing_ca_ratio", "120"},
            {"tcp_notsent_lowat", "4294967295"}, {"tcp_fastopen", "0x70403"},
            {"tcp_fastopen_key", "a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4"}, {"tcp_min_tso_segs", "2"},
            {"tcp_autocorking", "1"}, {"tcp_shrink_window", "0"}}) {
            LINUX.put(p + d[0], new Knob(d[1], null, null));
        }

        String f = "net.inet.tcp.";
        FREEBSD.put(f + "rfc1323", new Knob("1", (v, b) -> switch (v) {
            case "0" -> {
                b.timestamps(false).windowScaling(false);
                yield null;
            }
            case "1" -> {
                b.timestamps(true).windowScaling(true);
                yield null;
            }
            default -> "rfc1323=" + v + " (one of window scaling or timestamps alone) is not modelled";
        }, null));
        FREEBSD.put(f + "sack.enable", new Knob("1", bool(TcpConfig.Builder::sack, "0", "1"), null));
        FREEBSD.put(f + "recvspace", new Knob("65536", longKnob(1024, TcpConfig.MAX_BUFFER,
                (b, n) -> b.receiveBufferSize((int) n)), null));
        FREEBSD.put(f + "sendspace", new Knob("32768", longKnob(1024, TcpConfig.MAX_BUFFER,
                (b, n) -> b.sendBufferSize((int) n)), null));
        FREEBSD.put(f + "rexmit_initial", new Knob("1000", longKnob(1, 60_000,
                (b, ms) -> b.initialRtoNanos(ms * 1_000_000L)), null));
        FREEBSD.put(f + "rexmit_min", new Knob("30", longKnob(1, 60_000, (b, ms) -> b.minRtoNanos(ms * 1_000_000L)),
                null));
        FREEBSD.put(f + "rexmit_slop", new Knob("200", longKnob(0, 60_000,
                (b, ms) -> b.rtoSlopNanos(ms * 1_000_000L)), null));
        FREEBSD.put(f + "rexmit_drop_options", new Knob("0", (v, b) -> switch (v) {
            case "0" -> {
                b.dropSynOptionsAfter(0);
                yield null;
            }
            case "1" -> {
                b.dropSynOptionsAfter(3); // tcp_timer_rexmt: from t_rxtshift 3 on, the SYN carries the MSS only
                yield null;
            }
            default -> "value must be 0 or 1";
        }, null));
        FREEBSD.put(f + "delacktime", new Knob("100", longKnob(1, 200,
                (b, ms) -> b.delayedAckNanos(ms * 1_000_000L)), null));
        FREEBSD.put(f + "hostcache.purgenow", new Knob(null, (v, b) -> null, "Margay keeps no host cache"));
        FREEBSD.put(f + "ecn.enable", new Knob("2", (v, b) -> v.equals("0") || v.equals("2") ? null
                : "ecn.enable=" + v + ": Margay does not negotiate ECN", "Margay never negotiates ECN; scripts that do"
                + " not ask for it see the same"));
        for (String[] d : new String[][] {
            {"blackhole", "0"}, {"keepinit", "75000"},
            {"icmp_may_rst", "1"}, {"insecure_rst", "0"}, {"insecure_syn", "0"}}) {
            FREEBSD.put(f + d[0], new Knob(d[1], null, null));
        }
        FREEBSD.put("kern.ipc.maxsockbuf", new Knob("2097152", longKnob(1024, 0xFFFF_FFFFL,
                (b, n) -> b.windowShift(shiftFor(n))), "FreeBSD offers the window scale that covers its largest socket"
                + " buffer (tcp_connect, syncache), whatever the socket's own buffer"));
    }

    private Knobs() {
    }

    /**
     * Applies {@code name=value} for {@code profile} to {@code b}; returns null when applied or accepted, else
     * the reason the script is unsupported.
     */
    static String apply(Profile profile, String name, String value, TcpConfig.Builder b) {
        Map<String, Knob> table = profile == Profile.LINUX ? LINUX : FREEBSD;
        String v = value.strip().replaceAll("\\s+", " ");
        Knob k = table.get(name);
        if (k == null) {
            return "sysctl " + name + "=" + v + " has no matching knob in Margay's " + profile.id() + " profile";
        }
        if (k.applier() != null) {
            String problem = k.applier().apply(v, b);
            return problem == null ? null : "sysctl " + name + "=" + v + ": " + problem;
        }
        if (sameValue(k.defaultValue(), v)) {
            return null;
        }
        return "sysctl " + name + "=" + v + " has no matching knob in Margay (only the " + profile.id()
                + " default " + k.defaultValue() + " is modelled)";
    }

    private static boolean sameValue(String a, String b) {
        if (a == null) {
            return true;
        }
        if (a.equalsIgnoreCase(b)) {
            return true;
        }
        Long x = number(a);
        Long y = number(b);
        return x != null && x.equals(y);
    }

    private static Long number(String v) {
        try {
            String s = v.strip().toLowerCase(Locale.ROOT);
            return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long[] numbers(String v, int count) {
        String[] parts = v.strip().split("\\s+");
        if (parts.length != count) {
            return null;
        }
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            Long n = number(parts[i]);
            if (n == null) {
                return null;
            }
            out[i] = n;
        }
        return out;
    }

    /** The smallest window-scale shift, at most 14, with 65535 · 2^shift >= {@code bytes} (RFC 7323 §2.3). */
    static int shiftFor(long bytes) {
        int shift = 0;
        while (shift < 14 && (65535L << shift) < bytes) {
            shift++;
        }
        return shift;
    }

    private static long clampBuffer(long n) {
        return Math.max(1024, Math.min(n, TcpConfig.MAX_BUFFER));
    }

    private interface BoolSetter {
        void set(TcpConfig.Builder b, boolean v);
    }

    private interface LongSetter {
        void set(TcpConfig.Builder b, long v);
    }

    private static Applier bool(BoolSetter setter, String off, String... on) {
        return (v, b) -> {
            if (v.equals(off)) {
                setter.set(b, false);
                return null;
            }
            for (String o : on) {
                if (v.equals(o)) {
                    setter.set(b, true);
                    return null;
                }
            }
            return "value must be " + off + " or " + String.join("/", on);
        };
    }

    private static Applier longKnob(long min, long max, LongSetter setter) {
        return (v, b) -> {
            Long n = number(v);
            if (n == null || n < min || n > max) {
                return "value must be a number in [" + min + ", " + max + "]";
            }
            setter.set(b, n);
            return null;
        };
    }

    private static Applier intKnob(long min, long max, IntSetter setter) {
        return longKnob(min, max, (b, n) -> setter.set(b, (int) n));
    }

    private interface IntSetter {
        void set(TcpConfig.Builder b, int v);
    }
}
