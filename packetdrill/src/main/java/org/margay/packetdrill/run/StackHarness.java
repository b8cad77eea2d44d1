package org.margay.packetdrill.run;

import org.margay.fastpath.time.VirtualClock;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * The one Margay stack a script runs against, its device and its virtual clock. The stack is built lazily, when
 * the first socket listens or connects (or the first packet arrives), with the sysctl knobs' {@link TcpConfig}; the
 * socket options of each socket (TCP_MAXSEG, SO_RCVBUF, ...) become that socket's connection's own configuration. Time moves only through {@link #advanceTo}, which runs every timer on the
 * way at its exact deadline; after every poll the {@code afterPoll} hook lets the runner retry a blocked system
 * call, so a call returns at the virtual time the stack made it possible.
 */
final class StackHarness implements AutoCloseable {
    /** Virtual time of script time 0 (arbitrary, away from zero). */
    static final long START_NANOS = 1_000_000_000L;
    private static final int MAX_POLLS_PER_INSTANT = 10_000;

    private final VirtualClock clock = new VirtualClock(START_NANOS);
    private final ScriptDevice device;
    private final int mtu;
    private InetStack stack;
    private TcpConfig tcpConfig;
    private Runnable afterPoll = () -> { };

    StackHarness(int mtu) {
        this.mtu = mtu;
        this.device = new ScriptDevice(Endpoints.LOCAL_MAC, mtu, clock);
    }

    void afterPoll(Runnable hook) {
        this.afterPoll = hook;
    }

    long now() {
        return clock.nanoTime();
    }

    ScriptDevice device() {
        return device;
    }

    /** The stack, or null before the first listen or connect. */
    InetStack stackOrNull() {
        return stack;
    }

    /** The engine configuration the stack was built with, or null. */
    TcpConfig tcpConfig() {
        return tcpConfig;
    }

    /**
     * The stack, built with {@code tcp} (the knobs' configuration, the layer's settings) on first use; later calls
     * return it as it is. Each socket's own options are its connection's settings (per-connection configuration).
     */
    InetStack stack(TcpConfig tcp) {
        if (stack == null) {
            StackConfig config = StackConfig.builder().mac(Endpoints.LOCAL_MAC)
                    .address(Endpoints.LOCAL_IP, Endpoints.PREFIX).defaultGateway(Endpoints.GATEWAY_IP)
                    .staticArp(Endpoints.GATEWAY_IP, Endpoints.REMOTE_MAC).gratuitousArp(false).mtu(mtu).tcp(tcp)
                    .build();
            stack = new InetStack(config, device, clock);
            tcpConfig = stack.tcpLayer().config();
            poll();
        }
        return stack;
    }

    /** Polls until the stack has nothing more to do at the current instant. */
    void poll() {
        if (stack == null) {
            afterPoll.run();
            return;
        }
        for (int i = 0; i < MAX_POLLS_PER_INSTANT; i++) {
            int work = stack.poll();
            afterPoll.run();
            if (work == 0 && stack.nextDeadline() > clock.nanoTime()) {
                return;
            }
        }
        throw new IllegalStateException("the stack kept working at one instant for " + MAX_POLLS_PER_INSTANT
                + " polls");
    }

    /** The earliest time the stack has timer work, or Long.MAX_VALUE. */
    long nextDeadline() {
        return stack == null ? Long.MAX_VALUE : stack.nextDeadline();
    }

    /** Runs the stack up to virtual time {@code target}, every timer at its deadline. */
    void advanceTo(long target) {
        poll();
        while (true) {
            long next = nextDeadline();
            if (next > target) {
                break;
            }
            if (next > clock.nanoTime()) {
                clock.set(next);
            }
            poll();
        }
        if (target > clock.nanoTime()) {
            clock.set(target);
        }
        poll();
    }

    /** Advances to the stack's next deadline if it is not after {@code limit}; returns false when there is none. */
    boolean step(long limit) {
        long next = nextDeadline();
        if (next > limit) {
            return false;
        }
        if (next > clock.nanoTime()) {
            clock.set(next);
        }
        poll();
        return true;
    }

    @Override
    public void close() {
        if (stack != null) {
            stack.close();
        }
        device.close();
    }
}
