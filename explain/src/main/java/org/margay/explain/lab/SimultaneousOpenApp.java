package org.margay.explain.lab;

import java.util.List;
import org.margay.explain.sim.LabApp;
import org.margay.explain.sim.LabHost;
import org.margay.explain.sim.LabNetwork;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpState;

/**
 * Both hosts actively open a connection to each other at the same instant, port 7000 to port 7001 (RFC 9293
 * §3.5, Figure 8), exchange a greeting, and close at the same instant too (§3.6, Figure 13).
 */
final class SimultaneousOpenApp implements LabApp {
    private static final byte[] HELLO = "simultaneous".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private TcpConnection a;
    private TcpConnection b;
    private boolean sent;
    private boolean closed;
    private final int[] got = new int[2];
    private final byte[] buffer = new byte[64];

    @Override
    public void start(LabNetwork network) {
        LabHost left = network.host("client");
        LabHost right = network.host("server");
        a = left.stack().tcp().connect(7000, right.address(), 7001);
        b = right.stack().tcp().connect(7001, left.address(), 7000);
    }

    @Override
    public boolean step(LabNetwork network) {
        if (!sent && a.state() == TcpState.ESTABLISHED && b.state() == TcpState.ESTABLISHED) {
            sent = true;
            a.send(HELLO, 0, HELLO.length);
            b.send(HELLO, 0, HELLO.length);
        }
        int n = a.receive(buffer, 0, buffer.length);
        got[0] += Math.max(0, n);
        n = b.receive(buffer, 0, buffer.length);
        got[1] += Math.max(0, n);
        if (!closed && got[0] == HELLO.length && got[1] == HELLO.length && a.unacknowledgedBytes() == 0
                && b.unacknowledgedBytes() == 0) {
            closed = true;
            a.close();
            b.close();
        }
        return closed && done(a) && done(b);
    }

    private static boolean done(TcpConnection c) {
        return c.state() == TcpState.TIME_WAIT || c.state() == TcpState.CLOSED;
    }

    @Override
    public List<String> summary() {
        return List.of("application: both sides opened and closed at once; greeting bytes received " + got[0] + " and "
                + got[1] + " of " + HELLO.length);
    }
}
