package org.margay.stack;

import java.io.ByteArrayOutputStream;
import org.margay.net.tcp.engine.TcpConnection;

/** Test helper: pushes two byte arrays through a connection pair, reads both sides, closes when done. */
final class Transfer {
    private final TcpConnection client;
    private final TcpConnection server;
    private final byte[] up;
    private final byte[] down;
    private int upSent;
    private int downSent;
    private final ByteArrayOutputStream atServer = new ByteArrayOutputStream();
    private final ByteArrayOutputStream atClient = new ByteArrayOutputStream();
    private boolean clientEof;
    private boolean serverEof;
    private final byte[] chunk = new byte[16384];

    Transfer(TcpConnection client, TcpConnection server, byte[] up, byte[] down) {
        this.client = client;
        this.server = server;
        this.up = up;
        this.down = down;
    }

    /** One application step; true once both streams arrived whole and both sides saw end of stream. */
    boolean step() {
        if (upSent < up.length) {
            int n = client.send(up, upSent, up.length - upSent);
            if (n > 0) {
                upSent += n;
            }
            if (upSent == up.length) {
                client.close();
            }
        }
        if (downSent < down.length) {
            int n = server.send(down, downSent, down.length - downSent);
            if (n > 0) {
                downSent += n;
            }
            if (downSent == down.length) {
                server.close();
            }
        }
        serverEof |= drain(server, atServer);
        clientEof |= drain(client, atClient);
        return serverEof && clientEof;
    }

    private boolean drain(TcpConnection c, ByteArrayOutputStream into) {
        while (true) {
            int n = c.receive(chunk, 0, chunk.length);
            if (n < 0) {
                return true;
            }
            if (n == 0) {
                return false;
            }
            into.write(chunk, 0, n);
        }
    }

    byte[] receivedByServer() {
        return atServer.toByteArray();
    }

    byte[] receivedByClient() {
        return atClient.toByteArray();
    }

    @Override
    public String toString() {
        return "Transfer[up " + upSent + "/" + up.length + " got " + atServer.size() + ", down " + downSent + "/"
                + down.length + " got " + atClient.size() + ", client " + client + ", server " + server + "]";
    }
}
