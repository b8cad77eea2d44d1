package org.margay.device.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.margay.fastpath.device.DeviceProvider;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.net.common.MacAddress;

/**
 * The {@link DeviceProvider}s of this module, one per device kind, so that {@code tap:IFNAME},
 * {@code afpacket:IFNAME}, {@code afxdp:IFNAME} and {@code shm:PATH} open through
 * {@link org.margay.fastpath.device.Devices#open}. Options every kind takes: {@code mac} (aa:bb:cc:dd:ee:ff) and
 * {@code mtu}; {@code shm} also takes {@code side=a|b} for a file it creates (default: create as side a,
 * attach as side b).
 */
public final class LinuxDeviceProviders {
    private LinuxDeviceProviders() {
    }

    private static long mac(Map<String, String> options, long fallback) {
        String text = options.get("mac");
        return text == null ? fallback : MacAddress.parse(text);
    }

    private static int mtu(Map<String, String> options, int fallback) {
        String text = options.get("mtu");
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mtu must be a number, got " + text, e);
        }
    }

    private static int number(Map<String, String> options, String key) {
        try {
            return Integer.parseInt(options.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got " + options.get(key), e);
        }
    }

    private static String rootReason() {
        return "root".equals(System.getProperty("user.name")) ? null : "needs root (CAP_NET_ADMIN / CAP_NET_RAW)";
    }

    /** {@code tap:IFNAME}: a TAP interface (created if absent; Margay keeps its own MAC). */
    public static final class Tap implements DeviceProvider {
        @Override
        public String kind() {
            return "tap";
        }

        @Override
        public String description() {
            return "a Linux TAP interface: tap:IFNAME (options mac=, mtu=, up=true to bring the kernel side up)";
        }

        @Override
        public String unavailableReason() {
            return java.nio.file.Files.exists(Path.of("/dev/net/tun")) ? rootReason() : "/dev/net/tun is missing";
        }

        @Override
        public NetworkDevice open(String argument, Map<String, String> options) {
            TapConfig.Builder b = TapConfig.builder(argument);
            if (options.containsKey("mac")) {
                b.mac(mac(options, 0));
            }
            if (options.containsKey("mtu")) {
                b.mtu(mtu(options, 1500));
            }
            b.bringUp(Boolean.parseBoolean(options.getOrDefault("up", "false")));
            return TapDevice.open(b.build());
        }
    }

    /** {@code afpacket:IFNAME}: an AF_PACKET raw socket on an existing interface. */
    public static final class AfPacket implements DeviceProvider {
        @Override
        public String kind() {
            return "afpacket";
        }

        @Override
        public String description() {
            return "an AF_PACKET raw socket on an interface: afpacket:IFNAME (options mac=, mtu=)";
        }

        @Override
        public String unavailableReason() {
            return rootReason();
        }

        @Override
        public NetworkDevice open(String argument, Map<String, String> options) {
            AfPacketConfig.Builder b = AfPacketConfig.builder(argument);
            if (options.containsKey("mac")) {
                b.mac(mac(options, 0));
            }
            if (options.containsKey("mtu")) {
                b.mtu(mtu(options, 1500));
            }
            return AfPacketDevice.open(b.build());
        }
    }

    /** {@code afxdp:IFNAME}: an AF_XDP socket on queue 0 of an interface. */
    public static final class AfXdp implements DeviceProvider {
        @Override
        public String kind() {
            return "afxdp";
        }

        @Override
        public String description() {
            return "an AF_XDP socket on an interface's queue 0: afxdp:IFNAME (options mac=, mtu=, queue=, ring=, chunks=)";
        }

        @Override
        public String unavailableReason() {
            String root = rootReason();
            return root != null ? root : AfXdpDevice.unavailableReason();
        }

        @Override
        public NetworkDevice open(String argument, Map<String, String> options) {
            AfXdpConfig.Builder b = AfXdpConfig.builder(argument);
            if (options.containsKey("mac")) {
                b.mac(mac(options, 0));
            }
            if (options.containsKey("mtu")) {
                b.mtu(mtu(options, 1500));
            }
            if (options.containsKey("queue")) {
                b.queue(number(options, "queue"));
            }
            if (options.containsKey("ring")) {
                b.ringSize(number(options, "ring"));
            }
            if (options.containsKey("chunks")) {
                b.chunks(number(options, "chunks"));
            }
            return AfXdpDevice.open(b.build());
        }
    }

    /** {@code shm:PATH}: one side of a shared-memory link with another process. */
    public static final class Shm implements DeviceProvider {
        @Override
        public String kind() {
            return "shm";
        }

        @Override
        public String description() {
            return "a shared-memory link with another process: shm:PATH (the first opener creates the file, the second attaches)";
        }

        @Override
        public NetworkDevice open(String argument, Map<String, String> options) {
            ShmConfig.Builder b = ShmConfig.builder();
            if (options.containsKey("mtu")) {
                b.mtu(mtu(options, 1500));
            }
            try {
                return ShmDevice.open(Path.of(argument), b.build());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open shared-memory link " + argument + ": " + e.getMessage(), e);
            }
        }
    }
}
