package org.margay.testsuite.pdpix;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.margay.net.common.Ipv4Address;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;
import org.margay.pdpix.contract.LibOSUnderTest;
import org.margay.rdma.RdmaLibOS;
import org.margay.rdma.verbs.inproc.InProcessFabric;
import org.margay.rdma.verbs.inproc.InProcessVerbs;

/**
 * The RDMA library OS under the contract suite: two instances (hosts 10.0.0.1 and 10.0.0.2) on one in-process verbs
 * fabric, in one progress group on a virtual clock, opened from configuration alone ({@code libos=rdma}) as an
 * application would. Each test gets a fresh fabric. Closing checks that both registered pools got every buffer back,
 * that each library OS had released every queue pair, memory region, protection domain, completion queue and
 * connection-manager id of its device before closing it, and that credit-based flow control kept every SEND from
 * meeting a receiver-not-ready NAK.
 */
final class RdmaUnderTest implements LibOSUnderTest {
    private static final AtomicInteger FABRICS = new AtomicInteger();
    private static final String CLIENT = "10.0.0.1";
    private static final String SERVER = "10.0.0.2";

    private final RdmaLibOS server;
    private final RdmaLibOS client;
    private final List<LibOS> others = new ArrayList<>();
    private final String fabric;
    private final InProcessFabric devices;
    private final InProcessVerbs serverDevice;
    private final InProcessVerbs clientDevice;

    RdmaUnderTest() {
        this.fabric = "contract-" + FABRICS.incrementAndGet();
        this.server = (RdmaLibOS) LibOSes.open(config(fabric, SERVER, fabric));
        this.client = (RdmaLibOS) LibOSes.open(config(fabric, CLIENT, fabric));
        this.devices = InProcessFabric.named(fabric);
        this.serverDevice = devices.device(Ipv4Address.parse(SERVER));
        this.clientDevice = devices.device(Ipv4Address.parse(CLIENT));
    }

    static LibOSConfig config(String fabric, String address, String group) {
        return LibOSConfig.of("rdma", "rdma.device", "inproc:" + fabric, "rdma.address", address, "rdma.group", group,
                "rdma.clock", "virtual", "rdma.elements", "256", "rdma.receive-buffers", "512");
    }

    @Override
    public String name() {
        return "rdma";
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
        return Ipv4Address.parse(SERVER);
    }

    @Override
    public int clientAddress() {
        return Ipv4Address.parse(CLIENT);
    }

    @Override
    public LibOS openIndependent() {
        String other = fabric + "-independent-" + others.size();
        LibOS los = LibOSes.open(config(other, "10.9.9.9", other));
        others.add(los);
        return los;
    }

    @Override
    public long patienceNanos() {
        return 60_000_000_000L;     // virtual: costs no real time
    }

    @Override
    public long shortWaitNanos() {
        return 10_000_000L;
    }

    @Override
    public void close() {
        long rnr = devices.rnrNaks();
        for (LibOS o : others) {
            o.close();
        }
        client.close();
        server.close();
        if (client.memoryManager().outstanding() != 0 || server.memoryManager().outstanding() != 0) {
            throw new AssertionError("registered buffers still out after close: client " + client.memoryManager().leakReport()
                    + " server " + server.memoryManager().leakReport());
        }
        if (!clientDevice.leftAtClose().isEmpty() || !serverDevice.leftAtClose().isEmpty()) {
            throw new AssertionError("device resources never released before close: client [" + clientDevice.leftAtClose()
                    + "] server [" + serverDevice.leftAtClose() + "]");
        }
        if (rnr != 0) {
            throw new AssertionError(rnr + " SENDs met a receiver-not-ready NAK: flow control let a sender overrun its peer");
        }
    }
}
