package org.margay.pdpix.inet;

import org.margay.net.tcp.engine.TcpConfig;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.spi.LibOSProvider;
import org.margay.stack.StackConfig;

/**
 * Opens an {@link InetLibOS} from configuration ({@code libos=inet}). The keys:
 * <table>
 *   <caption>inet configuration keys</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code inet.device}</td><td>the link: {@code loopback:<name>:<a|b>[:<mtu>]}, one end of a named
 *       in-process link, or any {@code kind:argument} a device provider on the module path opens
 *       ({@code dpdk:...}, {@code pcap:...}, {@code tap:...})</td><td>required</td></tr>
 *   <tr><td>{@code inet.device.<option>}</td><td>options for the device provider ({@code mac}, {@code mtu}, ...)</td><td>none</td></tr>
 *   <tr><td>{@code inet.address}</td><td>the IPv4 address, {@code a.b.c.d} or {@code a.b.c.d/prefix}</td><td>required</td></tr>
 *   <tr><td>{@code inet.prefix}</td><td>prefix length when the address has none</td><td>24</td></tr>
 *   <tr><td>{@code inet.gateway}</td><td>default gateway</td><td>none</td></tr>
 *   <tr><td>{@code inet.mac}</td><td>MAC address</td><td>the device's</td></tr>
 *   <tr><td>{@code inet.mtu}</td><td>IP MTU (at most the device's)</td><td>the device's</td></tr>
 *   <tr><td>{@code inet.group}</td><td>name of the {@link LibOSGroup} to share a thread and clock with</td><td>private group</td></tr>
 *   <tr><td>{@code inet.clock}</td><td>{@code system} or {@code virtual}</td><td>system</td></tr>
 *   <tr><td>{@code inet.seed}</td><td>seed of the TCP layer's ISNs and ports (deterministic runs)</td><td>fixed</td></tr>
 *   <tr><td>{@code inet.tcp.nodelay}</td><td>TCP_NODELAY for every connection</td><td>true</td></tr>
 *   <tr><td>{@code inet.tcp.keepalive}</td><td>SO_KEEPALIVE for every connection</td><td>false</td></tr>
 *   <tr><td>{@code inet.tcp.sndbuf}, {@code inet.tcp.rcvbuf}</td><td>per-connection buffer bytes</td><td>256 KiB</td></tr>
 *   <tr><td>{@code inet.tcp.mss}</td><td>MSS announced (capped by the MTU)</td><td>MTU − 40</td></tr>
 *   <tr><td>{@code inet.elements}, {@code inet.element-size}</td><td>element pool: buffers and bytes each</td><td>1024, 16384</td></tr>
 * </table>
 * plus the {@code pdpix.*} keys of {@link LibOSConfig}. Every bad value fails with a
 * {@link org.margay.pdpix.PdpixException} (EINVAL) naming its key.
 *
 * <p>TCP_NODELAY defaults to true because PDPIX elements are messages: Nagle's algorithm would only hold back
 * the tail of an element.
 */
public final class InetProvider implements LibOSProvider {
    /** The library OS's name in configurations. */
    public static final String NAME = "inet";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Margay's own TCP/IP stack over a device (in-process loopback links for now)";
    }

    @Override
    public LibOS open(LibOSConfig config) {
        ConfigKeys keys = new ConfigKeys(config);
        StackConfig stack = stackConfig(keys);
        int elements = keys.intValue("inet.elements", InetLibOS.DEFAULT_ELEMENT_BUFFERS, 1, 1 << 20);
        int elementSize = keys.intValue("inet.element-size", InetLibOS.DEFAULT_ELEMENT_BUFFER_SIZE, 64, 1 << 24);
        String deviceSpec = keys.required("inet.device", "the link, e.g. loopback:demo:a");
        LibOSGroup group = Groups.resolve(config, "inet.");
        Loopbacks.Taken device = null;
        try {
            device = DeviceOpener.take("inet.device", deviceSpec, group.clock(), config, "inet.device.");
            return InetLibOS.builder().device(device.device()).stack(stack).group(group).config(config)
                    .elementBuffers(elements, elementSize).onClose(device.release()).open();
        } catch (RuntimeException e) {
            if (device != null) {
                device.release().run();
            }
            Groups.abandon(group);
            throw e;
        }
    }

    /** The stack settings the {@code inet.*} keys describe. */
    static StackConfig stackConfig(ConfigKeys keys) {
        StackConfig.Builder b = StackConfig.builder();
        String address = keys.required("inet.address", "the IPv4 address, e.g. 10.0.0.1/24");
        int prefix = keys.intValue("inet.prefix", 24, 0, 32);
        int slash = address.indexOf('/');
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(address.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                throw ConfigKeys.bad("inet.address", address, "has a bad prefix length", e);
            }
            if (prefix < 0 || prefix > 32) {
                throw ConfigKeys.bad("inet.address", address, "has a prefix length outside 0..32", null);
            }
            address = address.substring(0, slash).trim();
        }
        b.address(keys.ipv4("inet.address", address), prefix);
        String gateway = keys.optional("inet.gateway");
        if (gateway != null) {
            b.defaultGateway(keys.ipv4("inet.gateway", gateway));
        }
        String mac = keys.optional("inet.mac");
        if (mac != null) {
            b.mac(keys.mac("inet.mac", mac));
        }
        b.mtu(keys.intValue("inet.mtu", 0, 68, 65535));
        b.tcpSeed(keys.longValue("inet.seed", 0x6D61_7267_6179L));
        TcpConfig.Builder tcp = TcpConfig.defaults().toBuilder()
                .noDelay(keys.booleanValue("inet.tcp.nodelay", true))
                .keepAlive(keys.booleanValue("inet.tcp.keepalive", false));
        int sndbuf = keys.intValue("inet.tcp.sndbuf", 0, 1024, TcpConfig.MAX_BUFFER);
        if (sndbuf != 0) {
            tcp.sendBufferSize(sndbuf);
        }
        int rcvbuf = keys.intValue("inet.tcp.rcvbuf", 0, 1024, TcpConfig.MAX_BUFFER);
        if (rcvbuf != 0) {
            tcp.receiveBufferSize(rcvbuf);
        }
        int mss = keys.intValue("inet.tcp.mss", 0, TcpConfig.MIN_MSS, TcpConfig.MAX_MSS);
        if (mss != 0) {
            tcp.mss(mss);
        }
        b.tcp(tcp.build());
        return b.build();
    }
}
