package org.margay.testsuite.interop;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.margay.device.dpdk.Eal;
import org.margay.testkit.NetNamespace;

/**
 * One link between Margay (in this JVM) and Linux (a throw-away network namespace) for one scenario, built for a
 * {@link LinkKind}, with Margay at SUBNET.2 and Linux at SUBNET.1 on a /24 of its own.
 *
 * <p>TAP kinds: one namespace; Margay's {@code serve}/{@code connect} creates the TAP inside it ({@code --netns}), and
 * {@link #configureLinuxSide} then addresses the kernel side. Veth kinds: Margay's end lives in a namespace of its own
 * where the kernel has no address (so it answers nothing for Margay), Linux's end in the other; both are made here.
 * Every interface is named {@code mi-...}, lives only inside the link's namespaces and goes with them on
 * {@link #close()}. Checksum offloads are off on Linux's side, so what it sends carries real checksums (Margay checks
 * them) and captures show what is on the wire.
 */
final class PeerLink implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger(70);
    private static final String[] NO_OFFLOADS = {"tx", "off", "rx", "off", "tso", "off", "gso", "off", "gro", "off"};

    private final LinkKind kind;
    private final int index;
    private final NetNamespace linux;
    private final NetNamespace margay;
    private final String linuxInterface;
    private final String margayInterface;
    private final String device;
    private boolean configured;
    private long lastTxDrops = -1;

    private PeerLink(LinkKind kind) {
        this.kind = kind;
        this.index = NEXT.getAndIncrement();
        if (kind == LinkKind.DPDK_TAP) {
            // The EAL starts here, in this JVM's own namespace, so its threads do not keep a test namespace alive.
            Eal.init();
        }
        this.linux = NetNamespace.create("mi-" + kind.label());
        NetNamespace m = null;
        try {
            switch (kind) {
                case TAP -> {
                    margayInterface = "mi-t" + index;
                    linuxInterface = margayInterface;
                    device = "tap:" + margayInterface;
                }
                case DPDK_TAP -> {
                    margayInterface = "mi-d" + index;
                    linuxInterface = margayInterface;
                    device = "dpdk:net_tap" + index + ",iface=" + margayInterface;
                }
                default -> {
                    m = NetNamespace.create("mi-" + kind.label() + "-m");
                    margayInterface = "mi-m" + index;
                    linuxInterface = "mi-l" + index;
                    device = (kind == LinkKind.AF_XDP ? "afxdp:" : "afpacket:") + margayInterface;
                    m.execChecked("ip", "link", "add", margayInterface, "type", "veth", "peer", "name", linuxInterface,
                            "netns", linux.name());
                    m.exec("sysctl", "-qw", "net.ipv6.conf." + margayInterface + ".disable_ipv6=1");
                    m.execChecked(concat(new String[] {"ethtool", "-K", margayInterface}, NO_OFFLOADS));
                    m.execChecked("ip", "link", "set", margayInterface, "up");
                }
            }
        } catch (RuntimeException e) {
            linux.close();
            if (m != null) {
                m.close();
            }
            throw e;
        }
        this.margay = m;
        if (!kind.isTap()) {
            configureLinuxSide();
        }
    }

    /** Builds the link (for TAP kinds only the namespace: the TAP comes with Margay's device). */
    static PeerLink open(LinkKind kind) {
        kind.require();
        return new PeerLink(kind);
    }

    LinkKind kind() {
        return kind;
    }

    /** The namespace where Linux's end and its tools live. */
    NetNamespace linux() {
        return linux;
    }

    /** Linux's interface (the TAP's kernel side, or the veth end). */
    String linuxInterface() {
        return linuxInterface;
    }

    /** Margay's {@code --device} argument. */
    String device() {
        return device;
    }

    /** The namespace Margay opens its device in ({@code --netns}). */
    String margayNamespace() {
        return margay != null ? margay.name() : linux.name();
    }

    String subnet() {
        return "10.213." + index;
    }

    String margayIp() {
        return subnet() + ".2";
    }

    String linuxIp() {
        return subnet() + ".1";
    }

    /** The arguments serve and connect take for this link ({@code --netns ... --device ... --ip ...}). */
    List<String> margayArguments() {
        return List.of("--netns", margayNamespace(), "--device", device, "--ip", margayIp() + "/24");
    }

    /**
     * Addresses Linux's end and brings it up, waiting up to {@code millis} for it to appear (a TAP appears when Margay
     * opens its device). Idempotent.
     */
    synchronized void configureLinuxSide(long millis) throws InterruptedException {
        if (configured) {
            return;
        }
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (linux.exec("ip", "link", "show", "dev", linuxInterface).exitCode() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(linuxInterface + " did not appear in " + linux.name() + " within " + millis + " ms");
            }
            Thread.sleep(20);
        }
        configureLinuxSide();
    }

    /** Starts {@link #configureLinuxSide(long)} on a thread of its own (for a client that creates the TAP itself). */
    Thread configureLinuxSideInBackground() {
        return Thread.ofPlatform().daemon().name("mi-configure-" + linuxInterface).start(() -> {
            try {
                configureLinuxSide(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private synchronized void configureLinuxSide() {
        linux.exec("sysctl", "-qw", "net.ipv6.conf." + linuxInterface + ".disable_ipv6=1");
        linux.execChecked(concat(new String[] {"ethtool", "-K", linuxInterface}, NO_OFFLOADS));
        linux.execChecked("ip", "addr", "add", linuxIp() + "/24", "dev", linuxInterface);
        linux.execChecked("ip", "link", "set", linuxInterface, "up");
        configured = true;
    }

    /**
     * For TAP kinds before a client run: the client creates a new TAP, so Linux's side is configured again, on a
     * thread of its own as soon as it appears. Returns that thread.
     */
    Thread expectNewTap() {
        synchronized (this) {
            configured = false;
        }
        return configureLinuxSideInBackground();
    }

    /** Reads {@link #linuxTxDrops()} now (a TAP disappears with Margay's device) for {@link #lastLinuxTxDrops()}. */
    void recordLinuxTxDrops() {
        lastTxDrops = linuxTxDrops();
    }

    /** What {@link #recordLinuxTxDrops()} read last, or the current count for a veth. */
    long lastLinuxTxDrops() {
        return kind.isTap() ? lastTxDrops : linuxTxDrops();
    }

    /** Linux's transmit drops on its end (a TAP queue that overflowed shows here). */
    long linuxTxDrops() {
        String out = linux.exec("cat", "/sys/class/net/" + linuxInterface + "/statistics/tx_dropped").output().trim();
        try {
            return Long.parseLong(out);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            linux.close();
        } finally {
            if (margay != null) {
                margay.close();
            }
        }
    }

    @Override
    public String toString() {
        return kind.label() + " link " + device + " (Linux " + linuxIp() + " on " + linuxInterface + " in " + linux.name() + ")";
    }

    static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
