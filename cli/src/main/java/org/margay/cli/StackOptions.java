package org.margay.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.margay.device.linux.NetNamespace;
import org.margay.fastpath.device.DeviceSpec;
import org.margay.fastpath.device.Devices;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.time.SystemClock;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.MacAddress;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.inet.InetLibOS;
import org.margay.stack.StackConfig;
import picocli.CommandLine.Option;

/**
 * The options that say which network a command runs on, shared by {@code serve} and {@code connect}: Margay's stack
 * ({@code --libos inet}, the default) on a device with an address, or Linux's own sockets ({@code --libos kernel}).
 *
 * <p>{@link #open} checks them all before touching the machine, so a bad argument is a clear message and exit code 2
 * ({@link CliError#usage}); a device that cannot be opened is exit code 1 with the system's reason.
 */
final class StackOptions {
    @Option(names = "--libos", paramLabel = "NAME", description = "inet (Margay's stack on --device, the default) or"
            + " kernel (Linux sockets, for comparison).")
    String libos = "inet";

    @Option(names = "--device", paramLabel = "DEV", description = "The link: tap:IFNAME, dpdk:VDEV_ARGS, afpacket:IFNAME,"
            + " afxdp:IFNAME or shm:PATH.")
    String device;

    @Option(names = "--ip", paramLabel = "ADDR/PREFIX", description = "Margay's address on the link, such as 10.0.0.2/24.")
    String ip;

    @Option(names = "--gw", paramLabel = "ADDR", description = "Default gateway.")
    String gateway;

    @Option(names = "--mac", paramLabel = "MAC", description = "Margay's MAC address (default: the device's).")
    String mac;

    @Option(names = "--mtu", paramLabel = "N", description = "IP MTU (default: the device's).")
    Integer mtu;

    @Option(names = "--netns", paramLabel = "NAME", description = "Open the device inside network namespace NAME"
            + " (ip netns); the rest of the process stays where it is.")
    String netns;

    @Option(names = "--device-option", paramLabel = "KEY=VALUE", description = "An option for the device's provider"
            + " (for example up=true for tap, queue=1 for afxdp); repeatable.")
    Map<String, String> deviceOptions = new LinkedHashMap<>();

    @Option(names = "--pcap", paramLabel = "FILE", description = "Live mode: record every frame the stack sends and"
            + " receives to FILE (pcapng: Wireshark, tshark -r) and its event log (state changes with their RFC rule,"
            + " retransmissions with their cause, cwnd and RTT changes) to FILE.events; margay explain FILE shows them."
            + " With --libos inet only.")
    Path pcap;

    @Option(names = {"-o", "--libos-option"}, paramLabel = "KEY=VALUE", description = "A library OS configuration key"
            + " (pdpix.idle=park:1ms, kernel.idle=spin, inet.element-size=65536, ...); repeatable.")
    Map<String, String> libosOptions = new LinkedHashMap<>();

    /**
     * A library OS and what it runs on, and the live capture when {@code --pcap} asked for one (else null). Closing
     * it closes the device too, then the capture's event log.
     */
    record Opened(LibOS los, InetLibOS inet, NetworkDevice device, String description, LiveCapture capture)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                los.close();
            } finally {
                if (capture != null) {
                    capture.close();
                }
            }
        }
    }

    /** The address and prefix of {@code --ip}. */
    record Address(int address, int prefix) {
        @Override
        public String toString() {
            return Ipv4Address.format(address) + "/" + prefix;
        }
    }

    /**
     * Checks every option, then opens the device and the library OS.
     *
     * @throws CliError with exit code 2 for bad arguments, 1 when the device or library OS cannot be opened
     */
    Opened open() {
        switch (libos) {
            case "kernel" -> {
                if (device != null || ip != null || gateway != null || mac != null || netns != null) {
                    throw CliError.usage("--device, --ip, --gw, --mac and --netns are for --libos inet; --libos kernel"
                            + " uses the machine's own addresses");
                }
                if (pcap != null) {
                    throw CliError.usage("--pcap records Margay's own stack (--libos inet); for kernel sockets use tcpdump");
                }
                try {
                    Map<String, String> config = new LinkedHashMap<>(libosOptions);
                    config.put(LibOSConfig.LIBOS, "kernel");
                    LibOS los = LibOSes.open(LibOSConfig.of(config));
                    return new Opened(los, null, null, "libos=kernel", null);
                } catch (PdpixException e) {
                    throw CliError.failure("cannot open the kernel library OS: " + e.getMessage(), e);
                }
            }
            case "inet" -> {
                return openInet();
            }
            default -> throw CliError.usage("--libos must be inet or kernel, got '" + libos + "'");
        }
    }

    private Opened openInet() {
        if (device == null) {
            throw CliError.usage("--device DEV is required (tap:IFNAME, dpdk:VDEV_ARGS, afpacket:IFNAME, afxdp:IFNAME,"
                    + " shm:PATH), or use --libos kernel");
        }
        DeviceSpec spec;
        try {
            spec = DeviceSpec.parse(device);
        } catch (IllegalArgumentException e) {
            throw CliError.usage("--device: " + e.getMessage());
        }
        if (ip == null) {
            throw CliError.usage("--ip ADDR/PREFIX is required with --device, such as --ip 10.0.0.2/24");
        }
        Address address = parseAddress(ip);
        StackConfig.Builder stack = StackConfig.builder().address(address.address(), address.prefix());
        if (gateway != null) {
            stack.defaultGateway(parseIp("--gw", gateway));
        }
        if (mac != null) {
            try {
                stack.mac(MacAddress.parse(mac));
            } catch (IllegalArgumentException e) {
                throw CliError.usage("--mac: " + e.getMessage());
            }
        }
        if (mtu != null) {
            if (mtu < 68 || mtu > 65535) {
                throw CliError.usage("--mtu must be 68..65535, got " + mtu);
            }
            stack.mtu(mtu);
        }
        StackConfig stackConfig;
        try {
            stackConfig = stack.build();
        } catch (IllegalArgumentException e) {
            throw CliError.usage(e.getMessage());
        }
        if (!Devices.kinds().contains(spec.kind())) {
            throw CliError.usage("--device: no device kind '" + spec.kind() + "' (known: " + String.join(", ", Devices.kinds()) + ")");
        }
        NetworkDevice dev = openDevice(spec);
        LiveCapture capture = null;
        try {
            if (pcap != null) {
                capture = LiveCapture.open(pcap, SystemClock.INSTANCE, false);
                dev = capture.wrap(dev);
            }
            Map<String, String> config = new LinkedHashMap<>(libosOptions);
            config.put(LibOSConfig.LIBOS, "inet");
            InetLibOS inet = InetLibOS.builder().device(dev).stack(stackConfig).clock(SystemClock.INSTANCE)
                    .config(LibOSConfig.of(config)).ownsDevice(true).open();
            if (capture != null) {
                capture.attach("margay", inet.stack());
            }
            String description = "libos=inet device=" + spec + (netns != null ? " netns=" + netns : "") + " address=" + address
                    + " mac=" + MacAddress.format(stackConfig.mac() != 0 ? stackConfig.mac() : dev.macAddress())
                    + " mtu=" + dev.mtu() + (pcap != null ? " pcap=" + pcap : "");
            return new Opened(inet, inet, dev, description, capture);
        } catch (RuntimeException e) {
            dev.close();
            if (capture != null) {
                capture.close();
            }
            if (e instanceof CliError c) {
                throw c;
            }
            throw CliError.failure("cannot start Margay's stack on " + spec + ": " + e.getMessage(), e);
        }
    }

    private NetworkDevice openDevice(DeviceSpec spec) {
        try {
            if (netns != null) {
                return NetNamespace.callIn(netns, () -> Devices.open(spec, deviceOptions));
            }
            return Devices.open(spec, deviceOptions);
        } catch (IllegalArgumentException e) {
            throw CliError.usage("--device " + spec + ": " + e.getMessage());
        } catch (RuntimeException | Error e) {
            throw CliError.failure("cannot open " + spec + (netns != null ? " in network namespace " + netns : "") + ": "
                    + e.getMessage(), e);
        }
    }

    /** Parses {@code ADDR/PREFIX} (the prefix is required). */
    static Address parseAddress(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw CliError.usage("--ip must be ADDR/PREFIX such as 10.0.0.2/24, got '" + text + "' (no prefix length)");
        }
        int address = parseIp("--ip", text.substring(0, slash));
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw CliError.usage("--ip must be ADDR/PREFIX such as 10.0.0.2/24, got '" + text + "' (bad prefix length)");
        }
        if (prefix < 1 || prefix > 32) {
            throw CliError.usage("--ip prefix length must be 1..32, got " + prefix);
        }
        return new Address(address, prefix);
    }

    static int parseIp(String option, String text) {
        try {
            return Ipv4Address.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw CliError.usage(option + ": " + e.getMessage());
        }
    }
}
