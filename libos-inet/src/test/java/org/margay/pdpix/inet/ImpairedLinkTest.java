package org.margay.pdpix.inet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.margay.fastpath.impair.ImpairmentProfile;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketType;

/** Over a lossy, reordering, duplicating link every element still arrives exactly once, whole and in order. */
class ImpairedLinkTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void everyElementArrivesExactlyOverALossyLink() {
        ImpairmentProfile profile = ImpairmentProfile.builder().loss(3).reorder(2, 2_000_000L).duplicate(1).build();
        for (long seed = 1; seed <= 3; seed++) {
            try (InetLibOSPair p = InetLibOSPair.builder().seed(seed).impairment(profile).open()) {
                InetLibOS client = p.client();
                EchoAgent echo = TcpEchoTest.startEcho(p, 7, Framing.LENGTH_PREFIXED);
                int qd = client.socket(Domain.INET, SocketType.STREAM);
                QResult r = new QResult();
                assertEquals(Errno.OK, client.wait(client.connect(qd, InetLibOSPair.serverEndpoint(7)), r, 60 * SECOND));
                int n = 150;
                long[] pops = new long[n];
                for (int i = 0; i < n; i++) {
                    Sga sga = Bytes.element(client, Bytes.random(seed * 1000 + i, 1 + (i * 7919) % 20_000));
                    long push = client.push(qd, sga);
                    client.sgaFree(sga);
                    pops[i] = client.pop(qd);
                    assertEquals(Errno.OK, client.wait(push, r, 60 * SECOND));
                    assertEquals(Errno.OK, r.ret());
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(Errno.OK, client.wait(pops[i], r, 120 * SECOND), "element " + i);
                    assertArrayEquals(Bytes.random(seed * 1000 + i, 1 + (i * 7919) % 20_000), r.sga().toByteArray(),
                            "element " + i + " seed " + seed);
                    client.sgaFree(r.sga());
                }
                assertEquals(n, echo.echoed);
                TcpEchoTest.finish(p, client, qd, echo);
            }
        }
    }
}
