package org.margay.pdpix.contract.memory;

import java.util.ArrayList;
import java.util.List;
import org.margay.net.common.Ipv4Address;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.contract.LibOSUnderTest;

/** The in-memory library OS in either shape: two instances on one network, or one talking to itself. */
final class MemoryUnderTest implements LibOSUnderTest {
    private final MemoryLibOS server;
    private final MemoryLibOS client;
    private final List<LibOS> opened = new ArrayList<>();

    private MemoryUnderTest(MemoryLibOS server, MemoryLibOS client) {
        this.server = server;
        this.client = client;
    }

    static MemoryUnderTest pair() {
        MemoryNetwork net = new MemoryNetwork();
        // 64 KiB buffers: 16 segments make a 1 MiB element, so every size of the suite runs.
        return new MemoryUnderTest(MemoryLibOS.open(net, Ipv4Address.parse("10.0.0.2"), 64 * 1024, 320),
                MemoryLibOS.open(net, Ipv4Address.parse("10.0.0.1"), 64 * 1024, 320));
    }

    static MemoryUnderTest single() {
        // 8 KiB buffers: elements above 128 KiB do not fit, so those checks must skip (and say why).
        MemoryLibOS one = MemoryLibOS.open(new MemoryNetwork(), Ipv4Address.parse("127.0.0.1"), 8 * 1024, 1024);
        return new MemoryUnderTest(one, one);
    }

    @Override
    public String name() {
        return server == client ? "memory (one instance)" : "memory (pair)";
    }

    @Override
    public LibOS server() {
        return server;
    }

    @Override
    public LibOS client() {
        return client;
    }

    @Override
    public int serverAddress() {
        return server.address();
    }

    @Override
    public int clientAddress() {
        return client.address();
    }

    @Override
    public LibOS openIndependent() {
        LibOS other = MemoryLibOS.open(new MemoryNetwork(), Ipv4Address.parse("192.0.2.1"), 2048, 64);
        opened.add(other);
        return other;
    }

    @Override
    public long patienceNanos() {
        return 10_000_000_000L;
    }

    @Override
    public long shortWaitNanos() {
        return 5_000_000L;
    }

    @Override
    public void close() {
        for (LibOS los : opened) {
            los.close();
        }
        client.close();
        server.close();
    }
}
