package org.margay.apps.iperf;

import java.util.Map;

/**
 * The test an iperf3 client asked for, from its parameter JSON ({@code {"tcp":true,"time":10,"parallel":1,
 * "reverse":true,"len":131072,...}}), and whether this server can run it.
 *
 * @param parallel        data streams
 * @param reverse         the server sends ({@code -R})
 * @param blockSize       bytes per write ({@code -l}, 128 KiB by default for TCP)
 * @param seconds         test duration the client uses
 * @param bytes           total bytes to transfer ({@code -n}), 0 for none
 * @param blocks          blocks to transfer ({@code -k}), 0 for none
 * @param serverOutput    whether the client wants the server's output in the results ({@code --get-server-output})
 * @param unsupported     why the test cannot be run here, or null
 */
public record IperfParameters(int parallel, boolean reverse, int blockSize, double seconds, long bytes, long blocks,
                              boolean serverOutput, String unsupported) {
    /** The default block size for TCP tests. */
    public static final int DEFAULT_BLOCK = 128 * 1024;

    /**
     * Reads the client's parameters. Unknown keys are ignored; wrong types count as absent.
     *
     * @throws Json.JsonException when {@code json} is not a JSON object
     */
    public static IperfParameters parse(String json) {
        Map<String, Object> p = Json.parseObject(json);
        int parallel = (int) Math.max(1, Math.min(Integer.MAX_VALUE, number(p, "parallel", 1)));
        int block = (int) Math.max(1, Math.min(Integer.MAX_VALUE, number(p, "len", DEFAULT_BLOCK)));
        String unsupported = null;
        if (flag(p, "udp")) {
            unsupported = "UDP tests are not supported";
        } else if (flag(p, "sctp")) {
            unsupported = "SCTP tests are not supported";
        } else if (flag(p, "bidirectional")) {
            unsupported = "bidirectional tests are not supported";
        } else if (p.containsKey("authtoken") || p.containsKey("username")) {
            unsupported = "authentication is not supported";
        } else if (number(p, "parallel", 1) > IperfProtocol.MAX_STREAMS || number(p, "parallel", 1) < 1) {
            unsupported = "parallel must be 1.." + IperfProtocol.MAX_STREAMS;
        }
        return new IperfParameters(parallel, flag(p, "reverse"), block, decimal(p, "time", 10),
                Math.max(0, number(p, "num", 0)), Math.max(0, number(p, "blockcount", 0)),
                flag(p, "get_server_output"), unsupported);
    }

    /** Bytes the sender should stop at (from {@code -n} or {@code -k}), or 0 for a timed test. */
    public long byteLimit() {
        if (bytes > 0) {
            return bytes;
        }
        return blocks > 0 ? blocks * blockSize : 0;
    }

    private static boolean flag(Map<String, Object> p, String key) {
        Object v = p.get(key);
        return v instanceof Boolean b ? b : v instanceof Long l && l != 0;
    }

    private static long number(Map<String, Object> p, String key, long fallback) {
        Object v = p.get(key);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && !d.isNaN()) {
            return (long) Math.max(Long.MIN_VALUE, Math.min(Long.MAX_VALUE, d));
        }
        return fallback;
    }

    private static double decimal(Map<String, Object> p, String key, double fallback) {
        Object v = p.get(key);
        if (v instanceof Long l) {
            return l;
        }
        return v instanceof Double d ? d : fallback;
    }
}
