package org.margay.device.dpdk;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.margay.fastpath.time.SystemClock;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * The second process of {@link DpdkMemifTwoProcessTest}: a Margay stack on the client side of a DPDK memif
 * link that connects to the test's stack and streams seeded random bytes, then prints their SHA-256.
 * Arguments: socket path, byte count, seed.
 */
public final class MemifPeer {
    private MemifPeer() {
    }

    public static void main(String[] args) throws Exception {
        String socket = args[0];
        long bytes = Long.parseLong(args[1]);
        long seed = Long.parseLong(args[2]);
        DpdkDevice memif = DpdkDevices.probe("net_memif1,role=client,id=0,socket=" + socket);
        InetStack stack = new InetStack(StackConfig.builder().address(Ipv4Address.parse("10.78.0.2"), 24).build(), memif,
                SystemClock.INSTANCE);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(seed);
        byte[] chunk = new byte[65536];
        int chunkLeft = 0;
        int chunkOff = 0;
        long sent = 0;
        long deadline = System.nanoTime() + 60_000_000_000L;
        TcpConnection c = null;
        while (System.nanoTime() < deadline) {
            stack.poll();
            if (c == null) {
                // wait for the link to come up before connecting (memif connects asynchronously)
                if (memif.linkUp()) {
                    c = stack.tcp().connect(Ipv4Address.parse("10.78.0.1"), 7100);
                }
                continue;
            }
            if (c.state().toString().equals("CLOSED")) {
                break;
            }
            if (sent < bytes) {
                if (chunkLeft == 0) {
                    random.nextBytes(chunk);
                    chunkLeft = (int) Math.min(chunk.length, bytes - sent);
                    chunkOff = 0;
                    sha.update(chunk, 0, chunkLeft);
                }
                int n = c.send(chunk, chunkOff, chunkLeft);
                if (n > 0) {
                    chunkOff += n;
                    chunkLeft -= n;
                    sent += n;
                    if (sent == bytes) {
                        c.close();
                    }
                }
            } else if (c.eof()) {
                break;
            }
        }
        // Let the FIN exchange finish before the link goes away.
        long linger = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < linger) {
            stack.poll();
        }
        System.out.println("sent=" + sent + " sha256=" + HexFormat.of().formatHex(sha.digest()));
        stack.close();
        memif.close();
        System.exit(sent == bytes ? 0 : 1);
    }
}
