package org.margay.testsuite.pdpix;

import java.util.ArrayList;
import java.util.List;
import org.margay.net.common.Ipv4Address;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.contract.LibOSUnderTest;

/**
 * Linux kernel sockets under the contract suite: one kernel library OS talking to itself over 127.0.0.1, opened
 * from configuration alone ({@code libos=kernel}) as an application would. Real time: waits that must succeed get
 * ten seconds, timeout checks 20 ms.
 */
final class KernelUnderTest implements LibOSUnderTest {
    private static final int LOOPBACK = Ipv4Address.parse("127.0.0.1");

    private final LibOS los;
    private final List<LibOS> others = new ArrayList<>();

    KernelUnderTest() {
        this.los = LibOSes.open(LibOSConfig.of("kernel"));
    }

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public LibOS server() {
        return los;
    }

    @Override
    public LibOS client() {
        return los;
    }

    @Override
    public int serverAddress() {
        return LOOPBACK;
    }

    @Override
    public int clientAddress() {
        return LOOPBACK;
    }

    @Override
    public LibOS openIndependent() {
        LibOS other = LibOSes.open(LibOSConfig.of("kernel"));
        others.add(other);
        return other;
    }

    @Override
    public long patienceNanos() {
        return 10_000_000_000L;
    }

    @Override
    public long shortWaitNanos() {
        return 20_000_000L;
    }

    /** Every option PDPIX names is honoured here: refusing one fails the contract rather than skipping. */
    @Override
    public boolean mayRefuse(SocketOption<?> option) {
        return false;
    }

    @Override
    public void close() {
        for (LibOS other : others) {
            other.close();
        }
        los.close();
    }
}
