package org.margay.fuzz;

import static org.margay.fuzz.FuzzBytes.require;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.margay.net.tcp.TcpSegment;
import org.margay.net.tcp.buffer.SendBuffer;
import org.margay.net.tcp.engine.OutgoingOptions;
import org.margay.net.tcp.engine.SegmentSink;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.net.tcp.engine.TcpConnection;
import org.margay.net.tcp.engine.TcpLayer;
import org.margay.net.tcp.engine.TcpListener;
import org.margay.net.tcp.engine.TcpState;

/**
 * Fuzz target for TCP input (RFC 9293 §3.10.7, "SEGMENT ARRIVES") to a connection in each state of the net-tcp
 * engine ({@link TcpLayer}, public API only). A hand-played peer drives one connection into the state the
 * input's first byte selects (LISTEN, SYN-SENT, SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT,
 * CLOSING, LAST-ACK, TIME-WAIT; by active or passive open, with or without timestamps, SACK, window scaling and
 * data in flight both ways), then the rest of the input is a program of fuzzer-built segments (any flags,
 * sequence and acknowledgment numbers near the connection's or anywhere, any window, well-formed or raw
 * option bytes, a data offset of the fuzzer's, payload), clock advances, application calls (send, receive,
 * close, shutdown, abort, accept) and ICMP errors.
 *
 * <p>Checked after every step: no unchecked exception; for the connection of the 4-tuple, if any: a valid state
 * (never CLOSED while in the table), {@code SND.UNA <= SND.NXT} with at most the send buffer (plus SYN and FIN)
 * between them, readable and unacknowledged bytes within the buffers, a non-negative window; every segment the
 * engine emits names the 4-tuple and reads its payload inside the send buffer. At the end the connection is
 * aborted and the listener closed: then nothing is left (no connection in the table, no deadline), which is the
 * engine's leak check (it owns its buffers; it borrows none from a pool).
 */
class TcpInputFuzzTest {
    static final int LOCAL_IP = 0x0A00_0001;
    static final int REMOTE_IP = 0x0A00_0002;
    static final int LISTEN_PORT = 80;
    static final int REMOTE_PORT = 40_000;
    static final int PEER_ISS = 0x1000_0000;
    private static final long MS = 1_000_000L;
    private static final int BUFFER = 16 * 1024;
    private static final int MAX_OPERATIONS = 48;
    /** The states the first input byte selects, in order (its value modulo their count). */
    static final TcpState[] STATES = {TcpState.LISTEN, TcpState.SYN_SENT, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED,
            TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.CLOSE_WAIT, TcpState.CLOSING, TcpState.LAST_ACK,
            TcpState.TIME_WAIT};
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final byte[] SCRATCH = new byte[1 << 17];

    /** The per-input world: the layer, the clock, the peer's view, what the engine sent last. */
    private static final class Run implements SegmentSink {
        final byte[] input;
        final TcpLayer layer;
        final TcpSegment view = new TcpSegment();
        long now = 1_000 * MS;
        int localPort = LISTEN_PORT;
        TcpListener listener;
        boolean ts;
        boolean sack;
        int ws = -1;
        int peerTsVal = 5_000;
        int ourTsVal;
        int ourSeq;
        int ourFlags;
        int emitted;
        /** The setup or the program called close or shutdown: SEND may answer -1 from then on. */
        boolean closedByApplication;

        Run(byte[] input, TcpConfig config) {
            this.input = input;
            this.layer = new TcpLayer(config, 42);
        }

        @Override
        public boolean emit(int localIp, int localPortOut, int remoteIp, int remotePort, int seq, int ack, int flags,
                            int window, OutgoingOptions options, SendBuffer payload, int payloadOffset, int payloadLength) {
            require(localIp == LOCAL_IP && remoteIp == REMOTE_IP && remotePort == REMOTE_PORT,
                    "segment emitted to another 4-tuple", input);
            require(window >= 0 && window <= 0xFFFF, "emitted window " + window, input);
            require(payloadLength >= 0 && payloadLength <= SCRATCH.length, "emitted payload length " + payloadLength, input);
            if (payloadLength > 0) {
                require(payloadOffset >= 0 && payloadOffset + payloadLength <= payload.length(),
                        "emitted payload [" + payloadOffset + ", +" + payloadLength + ") outside the send buffer of "
                                + payload.length(), input);
                payload.copyOut(payloadOffset, SCRATCH, 0, payloadLength);
            }
            if (options != null && options.hasTimestamps()) {
                ourTsVal = options.timestampValue();
            }
            ourSeq = seq;
            ourFlags = flags;
            emitted++;
            return true;
        }

        void poll() {
            layer.poll(now, this);
        }

        TcpConnection connection() {
            return layer.find(LOCAL_IP, localPort, REMOTE_IP, REMOTE_PORT);
        }

        /** Injects a segment from the peer; {@code options} are raw option bytes (padded here to 4). */
        void inject(int seq, int ack, int flags, int window, byte[] options, int dataOffsetOverride, int payloadLength) {
            int optionsLength = (Math.min(options.length, 40) + 3) & ~3;
            int headerLength = TcpSegment.MIN_HEADER_LENGTH + optionsLength;
            byte[] bytes = new byte[headerLength + payloadLength];
            MemorySegment m = MemorySegment.ofArray(bytes);
            m.set(SHORT_BE, 0, (short) REMOTE_PORT);
            m.set(SHORT_BE, 2, (short) localPort);
            m.set(INT_BE, 4, seq);
            m.set(INT_BE, 8, ack);
            int dataOffset = dataOffsetOverride >= 0 ? dataOffsetOverride : headerLength / 4;
            m.set(SHORT_BE, 12, (short) ((dataOffset << 12) | (flags & TcpSegment.FLAGS_MASK)));
            m.set(SHORT_BE, 14, (short) window);
            System.arraycopy(options, 0, bytes, TcpSegment.MIN_HEADER_LENGTH, Math.min(options.length, 40));
            for (int i = 0; i < payloadLength; i++) {
                bytes[headerLength + i] = (byte) (i * 7 + 1);
            }
            layer.onSegment(now, REMOTE_IP, LOCAL_IP, view.wrap(m, 0, bytes.length));
        }

        /** Options of a segment in a synchronized state: a fresh timestamp when they were negotiated. */
        byte[] plainOptions() {
            return ts ? timestamps(++peerTsVal, ourTsVal) : new byte[0];
        }

        /** The peer's SYN options: MSS 1460, and what this run negotiates. */
        byte[] synOptions(boolean answer) {
            byte[] out = new byte[24];
            int n = 0;
            out[n++] = 2; out[n++] = 4; out[n++] = (byte) (1460 >> 8); out[n++] = (byte) 1460;
            if (ws >= 0) {
                out[n++] = 1; out[n++] = 3; out[n++] = 3; out[n++] = (byte) ws;
            }
            if (sack) {
                out[n++] = 1; out[n++] = 1; out[n++] = 4; out[n++] = 2;
            }
            if (ts) {
                byte[] t = timestamps(++peerTsVal, answer ? ourTsVal : 0);
                System.arraycopy(t, 0, out, n, t.length);
                n += t.length;
            }
            return java.util.Arrays.copyOf(out, n);
        }

        static byte[] timestamps(int value, int echo) {
            byte[] t = new byte[12];
            t[0] = 1; t[1] = 1; t[2] = 8; t[3] = 10;
            MemorySegment.ofArray(t).set(INT_BE, 4, value);
            MemorySegment.ofArray(t).set(INT_BE, 8, echo);
            return t;
        }
    }

    @FuzzTest
    void tcpInput(byte[] input) {
        FuzzReader in = new FuzzReader(input);
        TcpState target = STATES[in.u8() % STATES.length];
        int setup = in.u8();
        TcpConfig.Builder builder = TcpConfig.builder().sendBufferSize(BUFFER).receiveBufferSize(BUFFER);
        if ((setup & 0x40) != 0) {
            builder.linuxStyle();
        }
        Run run = new Run(input, builder.build());
        run.ts = (setup & 1) != 0;
        run.sack = (setup & 2) != 0;
        run.ws = (setup & 4) != 0 ? 7 : -1;
        boolean passive = (setup & 8) != 0;
        int ourData = (setup & 0x10) != 0 ? 1 + in.u8() * 16 : 0;
        int peerData = (setup & 0x20) != 0 ? 1 + in.u8() : 0;
        reach(run, target, passive, ourData, peerData);
        TcpConnection first = run.connection();
        require(target == TcpState.LISTEN ? first == null : first != null && first.state() == target,
                "setup reached " + (first == null ? "no connection" : first.state()) + ", not " + target, input);
        checkConnection(run, input);

        for (int step = 0; step < MAX_OPERATIONS && !in.done(); step++) {
            int op = in.u8();
            TcpConnection c = run.connection();
            switch (op & 7) {
                case 0, 1, 2, 3 -> segment(run, c, op, in);
                case 4 -> {
                    run.now += in.u16() * MS;
                    run.poll();
                }
                case 5 -> application(run, c, in);
                case 6 -> {
                    if (c != null) {
                        run.layer.onIcmpError(run.now, LOCAL_IP, run.localPort, REMOTE_IP, REMOTE_PORT,
                                c.sndUna() + (byte) in.u8(), 113, (op & 8) != 0);
                    }
                }
                default -> {
                    run.now += in.u8() * MS;
                    run.poll();
                }
            }
            run.poll();
            if (c != null && c.state() == TcpState.CLOSED) {
                require(run.connection() != c, "a CLOSED connection is still in the table", input);
            }
            checkConnection(run, input);
        }

        // Leak check: abort what is left, close the listener; nothing may remain.
        TcpConnection last = run.connection();
        if (last != null) {
            last.abort();
        }
        if (run.listener != null) {
            run.listener.close();
        }
        run.poll();
        require(run.layer.connectionCount() == 0, run.layer.connectionCount() + " connections left after abort", input);
        require(run.layer.nextDeadline() == Long.MAX_VALUE, "a deadline is left with no connection", input);
    }

    /** Plays the peer until the connection is in {@code target} (RFC 9293 §3.5 and §3.6 exchanges). */
    private static void reach(Run run, TcpState target, boolean passive, int ourData, int peerData) {
        if (target == TcpState.LISTEN) {
            run.listener = run.layer.listen(LOCAL_IP, LISTEN_PORT, 4);
            return;
        }
        if (target == TcpState.SYN_SENT || !passive && target != TcpState.SYN_RECEIVED) {
            TcpConnection c = run.layer.connect(run.now, LOCAL_IP, 0, REMOTE_IP, REMOTE_PORT);
            run.localPort = c.localPort();
            run.poll();
            if (target == TcpState.SYN_SENT) {
                return;
            }
            run.now += 40 * MS;
            run.inject(PEER_ISS, c.sndNxt(), TcpSegment.SYN | TcpSegment.ACK, 65_535, run.synOptions(true), -1, 0);
            run.poll();
        } else {
            run.listener = run.layer.listen(LOCAL_IP, LISTEN_PORT, 4);
            run.inject(PEER_ISS, 0, TcpSegment.SYN, 65_535, run.synOptions(false), -1, 0);
            run.poll();
            if (target == TcpState.SYN_RECEIVED) {
                return;
            }
            run.now += 40 * MS;
            TcpConnection c = run.connection();
            run.inject(PEER_ISS + 1, c.sndNxt(), TcpSegment.ACK, 65_535 >> Math.max(run.ws, 0), run.plainOptions(), -1, 0);
            run.poll();
            run.listener.accept();
        }
        TcpConnection c = run.connection();
        if (ourData > 0) {
            c.send(SCRATCH, 0, ourData);
            run.poll();
        }
        if (peerData > 0) {
            run.inject(c.rcvNxt(), c.sndUna(), TcpSegment.ACK | TcpSegment.PSH, 65_535, run.plainOptions(), -1, peerData);
            run.poll();
        }
        switch (target) {
            case FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT -> {
                c.close();
                run.closedByApplication = true;
                run.poll();
                if (target == TcpState.FIN_WAIT_2 || target == TcpState.TIME_WAIT) {
                    run.inject(c.rcvNxt(), c.sndNxt(), TcpSegment.ACK, 65_535, run.plainOptions(), -1, 0);
                    run.poll();
                }
                if (target == TcpState.CLOSING) {
                    run.inject(c.rcvNxt(), c.sndUna(), TcpSegment.FIN | TcpSegment.ACK, 65_535, run.plainOptions(), -1, 0);
                    run.poll();
                }
                if (target == TcpState.TIME_WAIT) {
                    run.inject(c.rcvNxt(), c.sndNxt(), TcpSegment.FIN | TcpSegment.ACK, 65_535, run.plainOptions(), -1, 0);
                    run.poll();
                }
            }
            case CLOSE_WAIT, LAST_ACK -> {
                run.inject(c.rcvNxt(), c.sndUna(), TcpSegment.FIN | TcpSegment.ACK, 65_535, run.plainOptions(), -1, 0);
                run.poll();
                if (target == TcpState.LAST_ACK) {
                    c.close();
                    run.closedByApplication = true;
                    run.poll();
                }
            }
            default -> {
            }
        }
    }

    /** One fuzzer-built segment from the peer, its numbers relative to the connection's or absolute. */
    private static void segment(Run run, TcpConnection c, int op, FuzzReader in) {
        int mode = in.u8();
        int flags = in.u8() | ((mode & 0x80) != 0 ? TcpSegment.AE : 0);
        int rcvNxt = c != null ? c.rcvNxt() : PEER_ISS;
        int sndUna = c != null ? c.sndUna() : run.ourSeq;
        int sndNxt = c != null ? c.sndNxt() : run.ourSeq + 1;
        int seq = switch (mode & 3) {
            case 0 -> rcvNxt;
            case 1 -> rcvNxt + (short) in.u16();
            case 2 -> rcvNxt + in.u16() * 1024; // far, possibly beyond the window or behind it
            default -> in.u32();
        };
        int ack = switch ((mode >> 2) & 3) {
            case 0 -> sndNxt;
            case 1 -> sndUna + (short) in.u16();
            case 2 -> sndNxt + (byte) in.u8();
            default -> in.u32();
        };
        int window = (op & 8) != 0 ? in.u16() : 65_535;
        byte[] options = switch ((mode >> 4) & 3) {
            case 0 -> new byte[0];
            case 1 -> run.plainOptions();
            case 2 -> sackOptions(run, sndUna, in);
            default -> in.bytes(in.u8() % 41);
        };
        int dataOffset = (op & 0x10) != 0 ? in.u8() & 0xF : -1;
        int payload = (mode & 0x40) != 0 ? in.u16() % 3_000 : ((op & 0x20) != 0 ? in.u8() : 0);
        run.inject(seq, ack, flags, window, options, dataOffset, payload);
    }

    /** Timestamps (if negotiated) and up to three SACK blocks near SND.UNA (RFC 2018 §3). */
    private static byte[] sackOptions(Run run, int sndUna, FuzzReader in) {
        byte[] head = run.plainOptions();
        int blocks = 1 + in.u8() % 3;
        byte[] out = new byte[head.length + 4 + blocks * 8];
        System.arraycopy(head, 0, out, 0, head.length);
        int n = head.length;
        out[n++] = 1;
        out[n++] = 1;
        out[n++] = 5;
        out[n++] = (byte) (2 + blocks * 8);
        MemorySegment m = MemorySegment.ofArray(out);
        for (int b = 0; b < blocks; b++) {
            int left = sndUna + (short) in.u16();
            m.set(INT_BE, n, left);
            m.set(INT_BE, n + 4, left + in.u16());
            n += 8;
        }
        return out;
    }

    /** An application call on the connection (or the listener). */
    private static void application(Run run, TcpConnection c, FuzzReader in) {
        int call = in.u8();
        if ((call & 7) == 6) {
            if (run.listener != null) {
                run.listener.accept();
            }
            return;
        }
        if (c == null) {
            return;
        }
        switch (call & 7) {
            case 0 -> {
                int n = in.u8() * 64;
                int sent = c.send(SCRATCH, 0, n);
                // -1: the connection can no longer send (RFC 9293 §3.10.2 "connection closing"), which only a
                // state past our FIN or an earlier CLOSE/shutdown of this program explains.
                require(sent >= -1 && sent <= n && (sent >= 0 || !c.state().canSend() || run.closedByApplication),
                        "send returned " + sent + " for " + n + " in " + c.state(), run.input);
            }
            case 1 -> {
                int readable = c.readableBytes();
                int got = c.receive(SCRATCH, 0, SCRATCH.length);
                require(got <= Math.max(readable, 0) || readable == 0 && got <= 0,
                        "receive returned " + got + " with " + readable + " readable", run.input);
            }
            case 2 -> {
                c.close();
                run.closedByApplication = true;
            }
            case 3 -> {
                c.close(true);
                run.closedByApplication = true;
            }
            case 4 -> {
                c.shutdownOutput();
                run.closedByApplication = true;
            }
            case 5 -> c.abort();
            default -> c.noDelay((call & 8) != 0);
        }
    }

    private static void checkConnection(Run run, byte[] input) {
        TcpConnection c = run.connection();
        if (c == null) {
            return;
        }
        TcpState state = c.state();
        require(state != null && state != TcpState.CLOSED && state != TcpState.LISTEN,
                "connection in the table in state " + state, input);
        int inFlight = c.sndNxt() - c.sndUna();
        require(inFlight >= 0 && inFlight <= BUFFER + 2,
                "SND.NXT - SND.UNA = " + inFlight + " (una " + c.sndUna() + ", nxt " + c.sndNxt() + ")", input);
        int unacked = c.unacknowledgedBytes();
        require(unacked >= 0 && unacked <= BUFFER, "unacknowledged bytes " + unacked, input);
        int readable = c.readableBytes();
        require(readable >= 0 && readable <= BUFFER + TcpConfig.DEFAULT_MSS, "readable bytes " + readable, input);
        require(c.rcvWnd() >= 0, "receive window " + c.rcvWnd(), input);
        require(c.sndWnd() >= 0, "send window " + c.sndWnd(), input);
    }
}
