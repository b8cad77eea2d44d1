package org.margay.explain.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.margay.explain.model.Text;
import org.margay.explain.sim.LabApp;
import org.margay.explain.sim.LabHost;
import org.margay.explain.sim.LabNetwork;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;

/**
 * Request/response rounds in which the client writes each request in {@code pieces} small writes (a header, then
 * a body: the write-write-read pattern), and the server answers only once it has the whole request. Measures how
 * long each round takes, which is where Nagle's algorithm and delayed ACKs show.
 */
final class ChatApp implements LabApp {
    private final int rounds;
    private final int pieces;
    private final int pieceBytes;
    private final int answerBytes;
    private final byte[] data = new byte[4096];
    private final List<Long> roundTimes = new ArrayList<>();
    private TcpListener listener;
    private TcpConnection client;
    private TcpConnection server;
    private int round;
    private int written;
    private long roundStart = -1;
    private int requestReceived;
    private int answerReceived;
    private boolean closed;

    ChatApp(int rounds, int pieces, int pieceBytes, int answerBytes) {
        this.rounds = rounds;
        this.pieces = pieces;
        this.pieceBytes = pieceBytes;
        this.answerBytes = answerBytes;
    }

    @Override
    public void start(LabNetwork network) {
        LabHost s = network.host("server");
        listener = s.stack().tcp().listen(5000, 4);
        client = network.host("client").stack().tcp().connect(s.address(), 5000);
    }

    @Override
    public boolean step(LabNetwork network) {
        if (server == null) {
            server = listener.accept();
        }
        if (client.state() != TcpState.ESTABLISHED && round == 0 || server == null) {
            return false;
        }
        if (round < rounds && roundStart < 0) {
            roundStart = network.now();
            written = 0;
        }
        if (roundStart >= 0 && written < pieces) {
            // One write per step: the stack runs between two steps, as between two system calls.
            client.send(data, 0, pieceBytes);
            written++;
        }
        int n;
        while ((n = server.receive(data, 0, data.length)) > 0) {
            requestReceived += n;
        }
        if (requestReceived >= pieces * pieceBytes) {
            requestReceived -= pieces * pieceBytes;
            server.send(data, 0, answerBytes);
        }
        while ((n = client.receive(data, 0, data.length)) > 0) {
            answerReceived += n;
        }
        if (roundStart >= 0 && answerReceived >= answerBytes) {
            answerReceived -= answerBytes;
            roundTimes.add(network.now() - roundStart);
            roundStart = -1;
            round++;
        }
        if (round == rounds && !closed) {
            closed = true;
            client.close();
        }
        if (closed && server.state() == TcpState.CLOSE_WAIT) {
            server.close();
        }
        return closed && server.state() == TcpState.CLOSED
                && (client.state() == TcpState.TIME_WAIT || client.state() == TcpState.CLOSED);
    }

    @Override
    public List<String> summary() {
        StringBuilder b = new StringBuilder("application: ").append(rounds).append(" rounds of ").append(pieces)
                .append(" writes of ").append(pieceBytes).append(" bytes, answer ").append(answerBytes)
                .append(" bytes; round times:");
        for (long t : roundTimes) {
            b.append(' ').append(Text.duration(t));
        }
        return List.of(b.toString(), String.format(Locale.ROOT, "rounds completed: %d of %d", roundTimes.size(),
                rounds));
    }
}
