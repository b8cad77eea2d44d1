package org.margay.perf.child;

/**
 * The entry point of every child process the runner starts (on the class path, one JVM per side of a pair):
 * {@code PerfChild ROLE key=value...}. Roles: {@code probe}, {@code margay-server}, {@code margay-client}
 * ({@code mode=echo|bulk}), {@code nio-server}/{@code nio-client} ({@code mode=spin|block}),
 * {@code netty-server}/{@code netty-client} ({@code mode=busy|epoll}), {@code shm-floor-server}/
 * {@code shm-floor-client}, {@code scale}. Exit code 0 on success, 1 with the failure on standard error.
 */
public final class PerfChild {
    private PerfChild() {
    }

    /** Runs one role. */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: PerfChild ROLE key=value...");
            System.exit(2);
        }
        try {
            ChildArgs a = new ChildArgs(args, 1);
            switch (args[0]) {
                case "probe" -> CacheLineProbe.run(a);
                case "margay-server" -> MargayPeer.server(a);
                case "margay-client" -> {
                    if ("bulk".equals(a.get("mode", "echo"))) {
                        MargayPeer.bulkClient(a);
                    } else {
                        MargayPeer.echoClient(a);
                    }
                }
                case "nio-server" -> NioEcho.server(a);
                case "nio-client" -> NioEcho.client(a);
                case "netty-server" -> NettyEcho.server(a);
                case "netty-client" -> NettyEcho.client(a);
                case "shm-floor-server" -> ShmFloor.server(a);
                case "shm-floor-client" -> ShmFloor.client(a);
                case "scale" -> ScaleChild.run(a);
                default -> throw new IllegalArgumentException("unknown role " + args[0]);
            }
            System.out.flush();
            System.exit(0);
        } catch (Throwable t) {
            System.err.println("PerfChild " + args[0] + " failed: " + t);
            t.printStackTrace();
            System.exit(1);
        }
    }
}
