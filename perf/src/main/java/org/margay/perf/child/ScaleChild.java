package org.margay.perf.child;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import org.margay.fastpath.device.LoopbackPair;
import org.margay.fastpath.time.VirtualClock;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * P5, connection scale in simulation: two {@link InetStack}s (10.0.0.1 opens, 10.0.0.2 accepts) on an in-memory
 * {@link LoopbackPair}, a virtual clock, one thread. The client opens {@code n} connections in batches of
 * {@code batch} (explicit local ports, spread over several listening ports so that the 4-tuples never run out),
 * polling both stacks until each batch is established and accepted.
 *
 * <ul>
 *   <li>{@code setup_per_s}: connections established per second of the process's CPU time (both ends' work, every
 *       connection costing the client an active open and the server a passive open and an accept, and the garbage
 *       collector's work on the new connections); {@code setup_per_s_thread} counts the driving thread only.</li>
 *   <li>{@code heap_per_conn}: heap in use (after full GCs) once all are established, minus before, divided by
 *       the 2n connection endpoints the two stacks hold; {@code rings_per_conn} is the part that is ring and
 *       retransmission-ledger storage actually held (TCP allocates it on first use and grows it up to the
 *       configured sizes, so an idle established connection holds little or none; read from
 *       {@code TcpLayer.bufferMemoryBytes()}), and {@code heap_per_conn_ex_rings} the rest.</li>
 * </ul>
 */
final class ScaleChild {
    private static final int FIRST_LOCAL_PORT = 1024;
    private static final int LOCAL_PORTS = 60_000;
    private static final int SERVER_PORT = 5000;

    private ScaleChild() {
    }

    static void run(ChildArgs a) throws InterruptedException {
        int n = a.intValue("connections", 100_000);
        int batch = a.intValue("batch", 256);
        int buffer = a.intValue("buffer", 1024);
        int listeners = (n + LOCAL_PORTS - 1) / LOCAL_PORTS;
        VirtualClock clock = new VirtualClock();
        TcpConfig tcp = TcpConfig.defaults().toBuilder().noDelay(true).sendBufferSize(buffer).receiveBufferSize(buffer)
                .synBacklog(1 << 20).acceptBacklog(batch).build();
        try (LoopbackPair link = new LoopbackPair("scale", 4 * batch, 2048, 128, 2 * batch, clock);
             InetStack client = new InetStack(StackConfig.builder().address("10.0.0.1/24").tcp(tcp).build(), link.a(), clock);
             InetStack server = new InetStack(StackConfig.builder().address("10.0.0.2/24").tcp(tcp).build(), link.b(), clock)) {
            TcpListener[] ports = new TcpListener[listeners];
            for (int i = 0; i < listeners; i++) {
                ports[i] = server.tcp().listen(SERVER_PORT + i, batch);
            }
            TcpConnection[] active = new TcpConnection[n];
            TcpConnection[] passive = new TcpConnection[n];
            int serverIp = server.address();
            // One connection first, untimed: ARP and the first-use costs are not what this measures.
            warm(client, server, clock, ports[0], serverIp);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long heapBefore = usedHeapAfterGc(memory);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long process0 = os.getProcessCpuTime();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            int accepted = 0;
            for (int start = 0; start < n; start += batch) {
                int end = Math.min(n, start + batch);
                for (int i = start; i < end; i++) {
                    active[i] = client.tcp().connect(FIRST_LOCAL_PORT + i % LOCAL_PORTS, serverIp, SERVER_PORT + i / LOCAL_PORTS);
                }
                int spins = 0;
                while (accepted < end || !established(active, start, end)) {
                    clock.advance(1_000);
                    client.poll();
                    server.poll();
                    for (TcpListener l : ports) {
                        TcpConnection c;
                        while ((c = l.accept()) != null) {
                            passive[accepted++] = c;
                        }
                    }
                    if (++spins > 100_000) {
                        throw new IllegalStateException("batch at " + start + " did not establish: accepted " + accepted
                                + ", client connections " + client.tcp().connectionCount());
                    }
                }
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long processCpu = os.getProcessCpuTime() - process0;
            long wall = System.nanoTime() - wall0;
            long heapAfter = usedHeapAfterGc(memory);
            double perEndpoint = (heapAfter - heapBefore) / (2.0 * n);
            double rings = (client.tcpLayer().bufferMemoryBytes() + server.tcpLayer().bufferMemoryBytes()) / (2.0 * n);
            int established = 0;
            for (int i = 0; i < n; i++) {
                if (active[i].state() == TcpState.ESTABLISHED && passive[i] != null
                        && passive[i].state() == TcpState.ESTABLISHED) {
                    established++;
                }
            }
            Report.result("connections", n);
            Report.result("established", established);
            Report.result("client_connections", client.tcp().connectionCount());
            Report.result("server_connections", server.tcp().connectionCount());
            Report.result("setup_per_s", String.format(java.util.Locale.ROOT, "%.0f", n / (processCpu / 1e9)));
            Report.result("setup_per_s_thread", String.format(java.util.Locale.ROOT, "%.0f", n / (cpu / 1e9)));
            Report.result("setup_per_s_wall", String.format(java.util.Locale.ROOT, "%.0f", n / (wall / 1e9)));
            Report.result("heap_per_conn", String.format(java.util.Locale.ROOT, "%.1f", perEndpoint));
            Report.result("rings_per_conn", String.format(java.util.Locale.ROOT, "%.1f", rings));
            Report.result("heap_per_conn_ex_rings", String.format(java.util.Locale.ROOT, "%.1f", perEndpoint - rings));
            long hold = a.longValue("hold", 0);
            if (hold > 0) {
                // keeps the connections alive for a heap histogram (jmap -histo:live PID); diagnostics only
                Report.result("pid", ProcessHandle.current().pid());
                Thread.sleep(hold);
            }
        }
    }

    private static void warm(InetStack client, InetStack server, VirtualClock clock, TcpListener listener, int serverIp) {
        TcpConnection c = client.tcp().connect(FIRST_LOCAL_PORT + LOCAL_PORTS, serverIp, listener.localPort());
        for (int i = 0; i < 10_000 && (c.state() != TcpState.ESTABLISHED || listener.pending() == 0); i++) {
            clock.advance(1_000);
            client.poll();
            server.poll();
        }
        if (listener.accept() == null) {
            throw new IllegalStateException("the warm-up connection was not accepted");
        }
    }

    private static boolean established(TcpConnection[] active, int start, int end) {
        for (int i = start; i < end; i++) {
            if (active[i].state() != TcpState.ESTABLISHED) {
                return false;
            }
        }
        return true;
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
