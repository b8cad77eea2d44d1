package org.margay.device.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.margay.fastpath.time.SystemClock;
import org.margay.net.common.Ipv4Address;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;
import org.margay.testkit.Capabilities;

/**
 * Two Margay processes over a DPDK memif link (shared memory between processes): this JVM is the memif
 * server and a TCP listener; a child JVM ({@link MemifPeer}) is the memif client and streams 16 MiB; both
 * sides' SHA-256 must agree. The two EALs run on different CPUs (memif pollers sharing one CPU crawl).
 */
class DpdkMemifTwoProcessTest {
    private static final long BYTES = 16L << 20;

    @Test
    void tcpStreamBetweenTwoProcesses() throws Exception {
        Capabilities.require(Eal.shimAvailable(), String.valueOf(Eal.unavailableReason()));
        Eal.init();
        Path socket = Path.of("/tmp", "margay-memif-" + ProcessHandle.current().pid() + ".sock");
        Files.deleteIfExists(socket);
        DpdkDevice memif = DpdkDevices.probe("net_memif0,role=server,id=0,socket=" + socket);
        InetStack stack = new InetStack(StackConfig.builder().address(Ipv4Address.parse("10.78.0.1"), 24).build(), memif,
                SystemClock.INSTANCE);
        Process peer = null;
        try {
            TcpListener listener = stack.tcp().listen(7100, 4);
            peer = startPeer(socket);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[65536];
            long received = 0;
            TcpConnection c = null;
            long deadline = System.nanoTime() + 90_000_000_000L;
            boolean eof = false;
            while (System.nanoTime() < deadline && !eof) {
                stack.poll();
                if (c == null) {
                    c = listener.accept();
                    continue;
                }
                int n;
                while ((n = c.receive(chunk, 0, chunk.length)) > 0) {
                    sha.update(chunk, 0, n);
                    received += n;
                }
                if (n < 0) {
                    c.close();
                    eof = true;
                }
                if (!peer.isAlive() && c == null) {
                    break;
                }
            }
            long linger = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < linger) {
                stack.poll();
            }
            assertTrue(peer.waitFor(30, TimeUnit.SECONDS), "peer process finished");
            String out = new String(peer.getInputStream().readAllBytes());
            assertEquals(0, peer.exitValue(), out);
            assertEquals(BYTES, received, out);
            String digest = HexFormat.of().formatHex(sha.digest());
            assertTrue(out.contains("sha256=" + digest), "SHA-256 differs: peer said " + out.trim() + ", received " + digest);
        } finally {
            if (peer != null && peer.isAlive()) {
                peer.destroyForcibly();
            }
            stack.close();
            memif.close();
            Files.deleteIfExists(socket);
        }
    }

    private static Process startPeer(Path socket) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Dmargay.dpdk.eal=-l 0 --no-huge -m 256 --no-shconf --no-pci --log-level=4");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MemifPeer.class.getName());
        cmd.add(socket.toString());
        cmd.add(Long.toString(BYTES));
        cmd.add("11");
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }
}
