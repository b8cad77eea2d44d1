package org.margay.rdma;

import java.util.Locale;
import org.margay.net.common.Ipv4Address;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;

/**
 * The RDMA library OS's configuration, read from {@code rdma.*} keys ({@link LibOSConfig}); every bad value is a
 * {@link PdpixException} ({@link Errno#EINVAL}) naming its key.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code rdma.device}</td><td>{@code inproc:NAME} (the in-process fabric NAME), an rdma-core device name
 *       ({@code mlx5_0}), or {@code auto} (the first rdma-core device; the default)</td></tr>
 *   <tr><td>{@code rdma.address}</td><td>this host's IPv4 address: required on an in-process fabric; on rdma-core the
 *       address listeners bind to (default: any)</td></tr>
 *   <tr><td>{@code rdma.group}</td><td>a progress group: library OSes of one thread that drive each other's
 *       waits (in-process tests, a client and server in one process)</td></tr>
 *   <tr><td>{@code rdma.clock}</td><td>{@code real} (default) or {@code virtual} (waits jump to their deadlines)</td></tr>
 *   <tr><td>{@code rdma.message-size}</td><td>bytes of each receive buffer, the largest message (16384)</td></tr>
 *   <tr><td>{@code rdma.receive-window}</td><td>receives posted per connection: the peer's credits (32, ≥ 4)</td></tr>
 *   <tr><td>{@code rdma.send-depth}</td><td>sends in flight per connection (64)</td></tr>
 *   <tr><td>{@code rdma.element-size}, {@code rdma.elements}</td><td>the element pool (65536 × 512: elements up to
 *       1 MiB)</td></tr>
 *   <tr><td>{@code rdma.receive-buffers}</td><td>the receive pool (1024 × message-size)</td></tr>
 *   <tr><td>{@code rdma.datagram-receives}</td><td>receives posted per DGRAM queue (64)</td></tr>
 *   <tr><td>{@code rdma.cq-size}</td><td>entries of the completion queue (16384)</td></tr>
 *   <tr><td>{@code rdma.rnr-retry}</td><td>receiver-not-ready retries, 0..7, 7 = without limit (7)</td></tr>
 *   <tr><td>{@code rdma.close-timeout}</td><td>how long a graceful close waits for its FIN to be delivered and the
 *       peer's FIN to come back: then it disconnects (aborts if its own FIN never got through), e.g. {@code 5s},
 *       {@code 200ms} (5 s)</td></tr>
 * </table>
 */
record RdmaSettings(String device, int address, String group, boolean virtualClock, int messageSize, int receiveWindow,
                    int sendDepth, int elementSize, int elements, int receiveBuffers, int datagramReceives, int cqSize,
                    int rnrRetry, long closeTimeoutNanos) {

    static RdmaSettings from(LibOSConfig c) {
        String device = c.get("rdma.device", "auto").trim();
        String addressText = c.get("rdma.address", "");
        int address = 0;
        if (!addressText.isBlank()) {
            try {
                String a = addressText.trim();
                int slash = a.indexOf('/');
                address = Ipv4Address.parse(slash < 0 ? a : a.substring(0, slash));
            } catch (IllegalArgumentException e) {
                throw new PdpixException(Errno.EINVAL, "configuration rdma.address=" + addressText + " is not an IPv4 address", e);
            }
        }
        if (device.startsWith("inproc:") && address == 0) {
            throw new PdpixException(Errno.EINVAL, "configuration rdma.device=" + device + " needs rdma.address (this host's IPv4 address on the fabric)");
        }
        String group = c.get("rdma.group", null);
        String clock = c.get("rdma.clock", "real").trim().toLowerCase(Locale.ROOT);
        if (!clock.equals("real") && !clock.equals("virtual")) {
            throw new PdpixException(Errno.EINVAL, "configuration rdma.clock=" + clock + " must be real or virtual");
        }
        int messageSize = range(c, "rdma.message-size", 16384, 4096 + 64, 1 << 24);
        int window = range(c, "rdma.receive-window", 32, CreditWindow.MIN_WINDOW, 4096);
        int sendDepth = range(c, "rdma.send-depth", 64, 4, 8192);
        int elementSize = range(c, "rdma.element-size", 65536, 64, 1 << 26);
        int elements = range(c, "rdma.elements", 512, 1, 1 << 22);
        int receiveBuffers = range(c, "rdma.receive-buffers", 1024, 8, 1 << 22);
        int datagramReceives = range(c, "rdma.datagram-receives", 64, 1, 8192);
        int cqSize = range(c, "rdma.cq-size", 16384, 64, 1 << 20);
        int rnrRetry = range(c, "rdma.rnr-retry", 7, 0, 7);
        long closeTimeout = duration(c, "rdma.close-timeout", 5_000_000_000L);
        return new RdmaSettings(device, address, group, clock.equals("virtual"), messageSize, window, sendDepth, elementSize,
                elements, receiveBuffers, datagramReceives, cqSize, rnrRetry, closeTimeout);
    }

    private static int range(LibOSConfig c, String key, int fallback, int min, int max) {
        int v = c.getInt(key, fallback);
        if (v < min || v > max) {
            throw new PdpixException(Errno.EINVAL, "configuration " + key + "=" + v + " must be " + min + ".." + max);
        }
        return v;
    }

    /** A duration such as {@code 5s}, {@code 200ms}, {@code 50us}, {@code 10ns} (a bare number is milliseconds). */
    static long duration(LibOSConfig c, String key, long fallback) {
        String v = c.get(key, null);
        if (v == null) {
            return fallback;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        try {
            long unit = 1_000_000L;
            String digits = t;
            if (t.endsWith("ns")) {
                unit = 1;
                digits = t.substring(0, t.length() - 2);
            } else if (t.endsWith("us")) {
                unit = 1_000;
                digits = t.substring(0, t.length() - 2);
            } else if (t.endsWith("ms")) {
                digits = t.substring(0, t.length() - 2);
            } else if (t.endsWith("s")) {
                unit = 1_000_000_000L;
                digits = t.substring(0, t.length() - 1);
            }
            long n = Long.parseLong(digits.trim());
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new PdpixException(Errno.EINVAL, "configuration " + key + "=" + v + " is not a duration (5s, 200ms, 50us)", e);
        }
    }

    /** Whether the device is an in-process fabric. */
    boolean inProcess() {
        return device.startsWith("inproc:");
    }

    /** The fabric name of an in-process device. */
    String fabricName() {
        return device.substring("inproc:".length());
    }
}
