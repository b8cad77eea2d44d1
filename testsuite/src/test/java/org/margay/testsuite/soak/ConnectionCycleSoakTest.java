package org.margay.testsuite.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.buffer.BufferPool;
import org.margay.fastpath.time.VirtualClock;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.inet.InetLibOS;
import org.margay.pdpix.inet.InetLibOSPair;
import org.margay.testsuite.adversarial.Gauges;

/**
 * Issue #9's connection soak: TCP connections opened, used (one 64-byte element each way) and closed between
 * two Margay library OSes over the in-memory link, on a virtual clock, through PDPIX only. Afterwards, once TIME-WAIT
 * has run out, the connection tables are empty and every buffer pool (both element pools, both device pools) lends
 * exactly what it lent after the warm-up, and the JVM's off-heap memory is back where it was: nothing leaks per
 * connection.
 *
 * <p>CI runs {@value #CI_CYCLES} cycles, the count; {@code -Dmargay.soak.cycles=N} changes it (figures in
 * docs/RELIABILITY.md). Connections have the default 256 KiB send and receive buffers: TCP allocates ring storage
 * on first use and gives it back in TIME-WAIT, so a cycle pays for the few KiB it uses (before that change, the
 * buffers were allocated and zeroed whole per connection and a cycle cost about 25 ms here).
 */
class ConnectionCycleSoakTest {
    /** The CI run's cycles: the 100,000 (20–80 s here). */
    static final long CI_CYCLES = 100_000;
    private static final int PORT = 8080;
    private static final int WARM_UP = 1_000;
    /** Cycles between two pushes of the virtual clock past TIME-WAIT (2 MSL = 2 ms here), well below the 16,384 ephemeral ports. */
    private static final int TIME_WAIT_BATCH = 4_000;

    @Test
    void openCloseCyclesLeaveMemoryAndPoolsAtBaseline() {
        long cycles = SoakSize.count("margay.soak.cycles", CI_CYCLES);
        try (InetLibOSPair pair = InetLibOSPair.builder().seed(9)
                .tcp(t -> t.mslNanos(1_000_000L)).open()) {
            LibOS client = pair.client();
            LibOS server = pair.server();
            VirtualClock clock = (VirtualClock) pair.clock();
            int listener = server.socket(Domain.INET, SocketType.STREAM);
            server.bind(listener, InetLibOSPair.serverEndpoint(PORT));
            server.listen(listener, 128);
            Cycle cycle = new Cycle(client, server, listener, InetLibOSPair.serverEndpoint(PORT));

            long w0 = System.nanoTime();
            for (int i = 0; i < WARM_UP; i++) {
                cycle.run(i);
            }
            System.err.printf(Locale.ROOT, "soak: warm-up %d cycles %.1f s, virtual %.3f s%n", WARM_UP,
                    (System.nanoTime() - w0) / 1e9, clock.nanoTime() / 1e9);
            drainTimeWait(pair, clock);
            Baseline before = Baseline.of(pair);
            long t0 = System.nanoTime();
            for (long i = 0; i < cycles; i++) {
                cycle.run(i);
                if (i % TIME_WAIT_BATCH == TIME_WAIT_BATCH - 1) {
                    drainTimeWait(pair, clock);
                }
            }
            drainTimeWait(pair, clock);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Baseline after = Baseline.of(pair);
            System.err.printf(Locale.ROOT, "soak: %,d connection cycles in %.1f s (%.0f/s); before %s; after %s%n", cycles,
                    seconds, cycles / seconds, before, after);
            assertEquals(0, after.connections(), "every connection left the tables: " + after);
            assertEquals(before.outstanding(), after.outstanding(), "the pools lend what they lent before");
            assertTrue(after.offHeap() - before.offHeap() <= 0, "off-heap memory back to baseline: " + before + " -> " + after);
            server.close(listener);
        }
    }

    /** Advances the clock past TIME-WAIT and polls until both connection tables are empty. */
    private static void drainTimeWait(InetLibOSPair pair, VirtualClock clock) {
        for (int i = 0; i < 100 && connections(pair) > 0; i++) {
            clock.advance(5_000_000L);
            pair.client().poll();
            pair.server().poll();
        }
        assertEquals(0, connections(pair), "TIME-WAIT expired on both sides");
    }

    private static int connections(InetLibOSPair pair) {
        return pair.client().stack().tcpLayer().connectionCount() + pair.server().stack().tcpLayer().connectionCount();
    }

    /**
     * The off-heap total once the garbage collector has run: segments of automatic arenas (which the stack's layers
     * use for scratch space) are freed only when their owners are collected.
     */
    static long settledOffHeap() {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long now = Gauges.offHeap();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** What must come back: connections, lent buffers per pool, off-heap bytes. */
    record Baseline(int connections, String outstanding, long offHeap) {
        static Baseline of(InetLibOSPair pair) {
            StringBuilder lent = new StringBuilder();
            for (BufferPool p : pair.pools()) {
                lent.append(p.name()).append('=').append(p.outstanding()).append(' ');
            }
            InetLibOS c = pair.client();
            return new Baseline(c.stack().tcpLayer().connectionCount() + pair.server().stack().tcpLayer().connectionCount(),
                    lent.toString().trim(), settledOffHeap());
        }
    }

    /** One open, exchange and close, reusing its result objects. */
    private static final class Cycle {
        private final LibOS client;
        private final LibOS server;
        private final int listener;
        private final InetEndpoint to;
        private final QResult r = new QResult();
        private final QResult s = new QResult();

        Cycle(LibOS client, LibOS server, int listener, InetEndpoint to) {
            this.client = client;
            this.server = server;
            this.listener = listener;
            this.to = to;
        }

        void run(long i) {
            int qd = client.socket(Domain.INET, SocketType.STREAM);
            long accept = server.accept(listener);
            long connect = client.connect(qd, to);
            check(client.wait(connect, r, 10_000_000_000L), r, "connect", i);
            check(server.wait(accept, s, 10_000_000_000L), s, "accept", i);
            int peer = s.acceptedQd();
            exchange(client, qd, server, peer, i);
            exchange(server, peer, client, qd, i);
            client.close(qd);
            server.close(peer);
        }

        private void exchange(LibOS from, int fromQd, LibOS to, int toQd, long i) {
            Sga out = from.sgaAlloc(64);
            out.setByte(0, (byte) i);
            long push = from.push(fromQd, out);
            from.sgaFree(out);
            long pop = to.pop(toQd);
            check(to.wait(pop, s, 10_000_000_000L), s, "pop", i);
            assertEquals((byte) i, s.sga().getByte(0), "cycle " + i + " carried its byte");
            to.sgaFree(s.sga());
            check(from.wait(push, r, 10_000_000_000L), r, "push", i);
        }

        private static void check(int rc, QResult result, String what, long i) {
            if (rc != Errno.OK || !result.ok()) {
                throw new AssertionError(what + " failed in cycle " + i + ": wait=" + Errno.name(rc) + " result="
                        + (result.ok() ? "ok" : Errno.name(result.ret())));
            }
        }
    }
}
