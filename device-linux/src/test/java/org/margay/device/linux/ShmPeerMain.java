package org.margay.device.linux;

import java.nio.file.Path;
import org.margay.fastpath.time.SystemClock;
import org.margay.stack.InetStack;
import org.margay.stack.StackConfig;

/**
 * The second process of {@link ShmStackTest}: attaches to the file as side B, runs a Margay stack at the given
 * address with a TCP echo server, and exits once the echo has finished and side A has left (status 0), or
 * when the time is up (status 1).
 *
 * <p>Arguments: {@code FILE ADDRESS PORT TIMEOUT_MILLIS}.
 */
public final class ShmPeerMain {
    private ShmPeerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String address = args[1];
        int port = Integer.parseInt(args[2]);
        long timeoutMillis = Long.parseLong(args[3]);
        try (ShmDevice device = ShmDevice.attach(file)) {
            InetStack stack = new InetStack(StackConfig.builder().address(address + "/24").build(), device,
                    SystemClock.INSTANCE);
            TcpEcho echo = new TcpEcho(stack.tcp().listen(port, 4));
            System.out.println("attached as side B of " + file + " at " + address);
            boolean done = new StackDriver(echo::step, stack).runUntil(() -> echo.finished() && device.peerLeft(),
                    timeoutMillis);
            System.out.println("echoed " + echo.echoed() + " bytes; " + stack.stats() + "; " + device);
            stack.close();
            System.exit(done ? 0 : 1);
        }
    }
}
