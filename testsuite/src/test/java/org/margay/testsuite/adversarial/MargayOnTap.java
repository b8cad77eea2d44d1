package org.margay.testsuite.adversarial;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.margay.apps.App;
import org.margay.apps.Service;
import org.margay.examples.AppRunner;
import org.margay.examples.QueueApp;
import org.margay.examples.AppTrace;
import org.margay.fastpath.device.DeviceSpec;
import org.margay.fastpath.device.Devices;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.net.common.Ipv4Address;
import org.margay.net.common.MacAddress;
import org.margay.pdpix.inet.InetLibOS;
import org.margay.pdpix.inet.LibOSGroup;
import org.margay.fastpath.time.SystemClock;
import org.margay.stack.StackConfig;
import org.margay.testkit.NetNamespace;

/**
 * Margay's stack on a TAP interface inside a test namespace, driven by a loop thread of its own, with its counters
 * within reach of the test. Margay is SUBNET.2, the kernel side of the TAP SUBNET.1; {@link #ATTACKER} (SUBNET.9) is
 * a host that does not exist: Margay has a static neighbour entry for it ({@link #ATTACKER_MAC}), so segments to it
 * leave on the TAP, where a packet socket (scapy, hping3's spoofed source) sees them, while the kernel, whose MAC
 * they do not carry, ignores them and never answers with an RST of its own.
 *
 * <p>It differs from the interop suite's {@code InProcessServe} (which runs {@code margay serve} and sees only its
 * summary line) in that the test holds the library OS: it reads the pools, the connection table and the
 * reassembler while the attack runs. Everything that touches the library OS runs on the loop thread
 * ({@link #call}); in between, the loop runs the hosted apps ({@link #serve}) under one {@link AppRunner} (one
 * runner per library OS: a runner collects every completion of the instance it waits on).
 */
public final class MargayOnTap implements AutoCloseable {
    /** The last octet of the attacker's (spoofed) address. */
    public static final int ATTACKER = 9;
    /** The attacker's MAC, in Margay's static neighbour table. */
    public static final String ATTACKER_MAC = "02:00:00:00:00:09";

    private final String subnet;
    private final String tap;
    private final InetLibOS los;
    private final NetworkDevice device;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Service> services = new ArrayList<>();
    private final AppRunner runner = new AppRunner(AppTrace.NONE, 200_000L);
    private final Thread loop;
    private volatile boolean stopping;
    private volatile Throwable loopFailure;

    private MargayOnTap(NetNamespace ns, String tap, String subnet, UnaryOperator<StackConfig.Builder> tune,
                        UnaryOperator<NetworkDevice> wrap, LibOSGroup group) {
        this.subnet = subnet;
        this.tap = tap;
        NetworkDevice raw = org.margay.device.linux.NetNamespace.callIn(ns.name(),
                () -> Devices.open(DeviceSpec.parse("tap:" + tap), Map.of()));
        this.device = wrap.apply(raw);
        StackConfig stack = tune.apply(StackConfig.builder().address(Ipv4Address.parse(subnet + ".2"), 24)
                .staticArp(Ipv4Address.parse(subnet + "." + ATTACKER), MacAddress.parse(ATTACKER_MAC))).build();
        InetLibOS.Builder b = InetLibOS.builder().device(device).stack(stack).ownsDevice(true).name("ma-" + tap);
        if (group != null) {
            b.group(group);
        }
        this.los = b.open();
        ns.execChecked("ip", "addr", "add", subnet + ".1/24", "dev", tap);
        ns.execChecked("ip", "link", "set", tap, "up");
        this.loop = Thread.ofPlatform().name("ma-loop-" + tap).start(this::run);
    }

    /** Margay with default settings (plus {@code tune}) on {@code tap} in {@code ns}. */
    public static MargayOnTap open(NetNamespace ns, String tap, String subnet, UnaryOperator<StackConfig.Builder> tune) {
        return new MargayOnTap(ns, tap, subnet, tune, UnaryOperator.identity(), null);
    }

    /**
     * Margay on {@code tap} with the device wrapped by {@code wrap} (an impairment decorator, say), in {@code group}
     * (whose clock must be the system clock).
     */
    public static MargayOnTap open(NetNamespace ns, String tap, String subnet, UnaryOperator<StackConfig.Builder> tune,
                                   UnaryOperator<NetworkDevice> wrap, LibOSGroup group) {
        return new MargayOnTap(ns, tap, subnet, tune, wrap, group);
    }

    /** A group on the system clock, for {@link #open(NetNamespace, String, String, UnaryOperator, UnaryOperator, LibOSGroup)}. */
    public static LibOSGroup realTimeGroup() {
        return new LibOSGroup(SystemClock.INSTANCE);
    }

    private void run() {
        try {
            while (!stopping) {
                for (Runnable t; (t = tasks.poll()) != null; ) {
                    t.run();
                }
                if (services.isEmpty()) {
                    if (los.poll() == 0) {
                        LockSupport.parkNanos(200_000);
                    }
                } else {
                    runner.runOnce();
                }
            }
            for (Service s : services) {
                s.stop();
            }
            runner.runUntil(() -> services.stream().allMatch(Service::finished), 500_000_000L);
        } catch (Throwable t) {
            loopFailure = t;
        } finally {
            for (Runnable t; (t = tasks.poll()) != null; ) {
                t.run();
            }
            los.close();
        }
    }

    /** Runs {@code action} on the loop thread and returns its result (60 s limit; a failure of the loop is rethrown). */
    public <T> T call(Callable<T> action) {
        return call(action, 60);
    }

    /** {@link #call(Callable)} with a limit in seconds. */
    public <T> T call(Callable<T> action, int seconds) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("on Margay's loop: " + e + (loopFailure != null ? " (loop failed: " + loopFailure + ")" : ""),
                    loopFailure != null ? loopFailure : e);
        }
    }

    /** Starts {@code app} at {@code port}; the loop serves it from now on. */
    public void serve(App app, int port) {
        call(() -> {
            Service s = app.open(los, port);
            for (QueueApp part : s.parts()) {
                runner.start(part);
            }
            return services.add(s);
        });
    }

    /** The library OS (touch it only on the loop thread, through {@link #call}). */
    public InetLibOS los() {
        return los;
    }

    /** The device the stack runs on (the decorator, when there is one). */
    public NetworkDevice device() {
        return device;
    }

    /** Margay's address. */
    public String margayIp() {
        return subnet + ".2";
    }

    /** The kernel's address on the TAP. */
    public String linuxIp() {
        return subnet + ".1";
    }

    /** The spoofed attacker's address. */
    public String attackerIp() {
        return subnet + "." + ATTACKER;
    }

    /** The kernel side's interface name. */
    public String tap() {
        return tap;
    }

    /** Margay's MAC as text. */
    public String mac() {
        return call(() -> MacAddress.format(los.stack().macAddress()));
    }

    /** The counters that bound Margay's memory, read on the loop thread. */
    public Gauges gauges() {
        return call(() -> Gauges.read(los));
    }

    /** Stops the loop, the apps and the library OS (which closes the device). Idempotent. */
    @Override
    public void close() {
        stopping = true;
        try {
            loop.join(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the loop thread died of an exception (the stack crashed). */
    public Throwable loopFailure() {
        return loopFailure;
    }
}
