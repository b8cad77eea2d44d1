package org.margay.testsuite.pdpix;

import java.util.ArrayList;
import java.util.List;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.contract.LibOSUnderTest;
import org.margay.pdpix.inet.InetLibOSPair;

/**
 * Margay's stack under the contract suite: two inet library OSes over an in-memory link, in one group on a virtual
 * clock (so waits cost no real time), with 64 KiB element buffers so that 1 MiB elements fit. Closing checks that
 * every buffer of both element pools and both device pools came back.
 */
final class InetUnderTest implements LibOSUnderTest {
    private static final int ELEMENT_BUFFERS = 160;
    private static final int ELEMENT_BUFFER_SIZE = 64 * 1024;

    private final InetLibOSPair pair;
    private final List<InetLibOSPair> others = new ArrayList<>();

    InetUnderTest(long seed) {
        this.pair = open(seed);
    }

    private static InetLibOSPair open(long seed) {
        return InetLibOSPair.builder().seed(seed).elementBuffers(ELEMENT_BUFFERS, ELEMENT_BUFFER_SIZE).open();
    }

    @Override
    public String name() {
        return "inet";
    }

    @Override
    public LibOS server() {
        return pair.server();
    }

    @Override
    public LibOS client() {
        return pair.client();
    }

    @Override
    public int serverAddress() {
        return InetLibOSPair.SERVER_ADDRESS;
    }

    @Override
    public int clientAddress() {
        return InetLibOSPair.CLIENT_ADDRESS;
    }

    @Override
    public LibOS openIndependent() {
        InetLibOSPair other = InetLibOSPair.builder().seed(99).elementBuffers(16, 2048).open();
        others.add(other);
        return other.client();
    }

    @Override
    public long patienceNanos() {
        return 120_000_000_000L;   // virtual: covers SYN and data retransmissions, costs no real time
    }

    @Override
    public long shortWaitNanos() {
        return 10_000_000L;
    }

    /** Every option PDPIX names is honoured here: refusing one fails the contract rather than skipping. */
    @Override
    public boolean mayRefuse(SocketOption<?> option) {
        return false;
    }

    @Override
    public void close() {
        try {
            for (InetLibOSPair p : others) {
                p.close();
            }
        } finally {
            pair.close();
        }
    }
}
