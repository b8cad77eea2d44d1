package org.margay.rdma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.margay.net.common.Ipv4Address;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.rdma.verbs.inproc.InProcessFabric;
import org.margay.rdma.verbs.inproc.InProcessVerbs;

/**
 * Two RDMA library OSes (client 10.0.0.1, server 10.0.0.2) on a fresh in-process fabric, in one progress group on a
 * virtual clock, with small pools; extra {@code rdma.*} settings apply to both. Closing checks that both registered
 * pools got every buffer back and that each library OS had released every queue pair, memory region, protection
 * domain, completion queue and connection-manager id of its device before closing it. Test support.
 */
final class RdmaPair implements AutoCloseable {
    static final int CLIENT = Ipv4Address.parse("10.0.0.1");
    static final int SERVER = Ipv4Address.parse("10.0.0.2");
    static final long PATIENCE = 30_000_000_000L;
    private static final AtomicInteger COUNT = new AtomicInteger();

    final String fabricName;
    final RdmaLibOS client;
    final RdmaLibOS server;
    final InProcessFabric fabric;
    final InProcessVerbs clientDevice;
    final InProcessVerbs serverDevice;

    RdmaPair(String... settings) {
        fabricName = "pair-" + COUNT.incrementAndGet();
        server = RdmaLibOS.open(config("10.0.0.2", settings));
        client = RdmaLibOS.open(config("10.0.0.1", settings));
        fabric = InProcessFabric.named(fabricName);
        clientDevice = fabric.device(CLIENT);
        serverDevice = fabric.device(SERVER);
    }

    private LibOSConfig config(String address, String... settings) {
        LibOSConfig c = LibOSConfig.of("rdma", "rdma.device", "inproc:" + fabricName, "rdma.address", address,
                "rdma.group", fabricName, "rdma.clock", "virtual", "rdma.elements", "128", "rdma.receive-buffers", "256");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            c = c.with(settings[i], settings[i + 1]);
        }
        return c;
    }

    /** Both ends of one STREAM connection and its listener. */
    record Connection(int listener, int client, int server) {
    }

    Connection connect() {
        int l = server.socket(Domain.INET, SocketType.STREAM);
        server.bind(l, new InetEndpoint(SERVER, 0));
        server.listen(l, 8);
        int c = client.socket(Domain.INET, SocketType.STREAM);
        long accept = server.accept(l);
        long connect = client.connect(c, server.getsockname(l));
        QResult r = new QResult();
        assertEquals(Errno.OK, client.wait(connect, r, PATIENCE));
        assertEquals(Opcode.CONNECT, r.opcode(), () -> "connect: " + r);
        assertEquals(Errno.OK, server.wait(accept, r, PATIENCE));
        assertEquals(Opcode.ACCEPT, r.opcode(), () -> "accept: " + r);
        return new Connection(l, c, r.acceptedQd());
    }

    static byte[] pattern(int size, int seed) {
        byte[] b = new byte[size];
        int x = seed * 0x9E3779B1 + 1;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            b[i] = (byte) x;
        }
        return b;
    }

    /** Pushes {@code bytes} as one element and frees it at once (free-protection); returns the token. */
    static long push(RdmaLibOS los, int qd, byte[] bytes) {
        Sga sga = los.sgaAlloc(bytes.length);
        sga.fill(bytes);
        long qt = los.push(qd, sga);
        assertTrue(qt > 0, "push starts");
        los.sgaFree(sga);
        return qt;
    }

    static QResult await(RdmaLibOS los, long qt) {
        QResult r = new QResult();
        assertEquals(Errno.OK, los.wait(qt, r, PATIENCE), "wait");
        return r;
    }

    /** Pops one element and returns its bytes (freeing it). */
    static byte[] pop(RdmaLibOS los, int qd) {
        QResult r = await(los, los.pop(qd));
        assertEquals(Opcode.POP, r.opcode(), () -> "pop: " + r);
        byte[] bytes = r.sga().toByteArray();
        los.sgaFree(r.sga());
        return bytes;
    }

    @Override
    public void close() {
        client.close();
        server.close();
        assertEquals(0, client.memoryManager().outstanding(), () -> "client buffers out: " + client.memoryManager().leakReport());
        assertEquals(0, server.memoryManager().outstanding(), () -> "server buffers out: " + server.memoryManager().leakReport());
        assertEquals(0, client.sgaPool().outstanding(), "client elements out");
        assertEquals(0, server.sgaPool().outstanding(), "server elements out");
        assertTrue(clientDevice.closed() && serverDevice.closed(), "both devices closed");
        assertEquals("", clientDevice.leftAtClose(), "client device resources never released");
        assertEquals("", serverDevice.leftAtClose(), "server device resources never released");
    }
}
