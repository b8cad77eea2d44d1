package org.margay.apps.iperf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.margay.examples.AppRunner;
import org.margay.examples.QueueApp;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * The client side of iperf3's protocol, just enough to drive {@link IperfServer} on a virtual clock in tests: a
 * byte-count test ({@code -n}) over {@code parallel} streams, forward or reverse, then the results exchange. It
 * follows the message order the real client uses (see {@link IperfProtocol}).
 */
final class MiniIperfClient implements QueueApp {
    private static final String COOKIE = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final LibOS los;
    private final InetEndpoint server;
    private final int parallel;
    private final boolean reverse;
    private final long bytes;
    private final String extraParams;
    private AppRunner runner;
    private int control = -1;
    private final ByteAccumulator in = new ByteAccumulator(1 << 20);
    private final List<Integer> streams = new ArrayList<>();
    private int expect = IperfProtocol.PARAM_EXCHANGE;
    private long moved;
    private boolean running;
    private boolean testEndSent;
    private boolean finished;
    private Map<String, Object> serverResults;
    private String error;
    private Sga block;
    private final int blockSize = 16 * 1024;
    private final List<Byte> states = new ArrayList<>();

    MiniIperfClient(LibOS los, InetEndpoint server, int parallel, boolean reverse, long bytes, String extraParams) {
        this.los = los;
        this.server = server;
        this.parallel = parallel;
        this.reverse = reverse;
        this.bytes = bytes;
        this.extraParams = extraParams;
    }

    @Override
    public String name() {
        return "mini-iperf3";
    }

    @Override
    public void start(AppRunner runner) {
        this.runner = runner;
        control = open();
    }

    private int open() {
        int qd = los.socket(Domain.INET, SocketType.STREAM);
        los.setsockopt(qd, SocketOption.FRAMING, Framing.RAW_STREAM);
        runner.own(los, qd, this);
        los.connect(qd, server);
        return qd;
    }

    @Override
    public void onCompletion(QResult r) {
        if (finished) {
            free(r);
            return;
        }
        if (!r.ok()) {
            if (r.ret() != Errno.ECANCELED) {
                fail(r.failedOpcode() + " on qd " + r.qd() + ": " + Errno.name(r.ret()));
            }
            return;
        }
        int qd = r.qd();
        switch (r.opcode()) {
            case CONNECT -> {
                byte[] cookie = (COOKIE + "\0").getBytes(StandardCharsets.US_ASCII);
                send(qd, cookie);
                los.pop(qd);
                if (qd != control) {
                    streams.add(qd);
                    if (streams.size() < parallel) {
                        open();
                    }
                }
            }
            case POP -> onPop(qd, r.sga());
            case PUSH -> {
                if (qd != control && running && !reverse) {
                    moved += block.totalLength();
                    pushData(qd);
                }
            }
            default -> { }
        }
    }

    private void onPop(int qd, Sga sga) {
        if (sga.segmentCount() == 0) {
            los.sgaFree(sga);
            if (qd == control && expect != -100) {
                fail("server closed the control connection early (states " + states + ")");
            }
            return;
        }
        if (qd != control) {
            if (running && reverse) {
                moved += sga.totalLength();
            }
            los.sgaFree(sga);
            los.pop(qd);
            if (running && reverse && moved >= bytes) {
                endTest();
            }
            return;
        }
        in.append(sga);
        los.sgaFree(sga);
        los.pop(qd);
        control();
    }

    private void control() {
        while (!finished) {
            if (expect == -2) {   // the server's results: length + JSON
                if (in.available() < 4 || in.available() < 4 + in.getInt(0)) {
                    return;
                }
                int n = in.getInt(0);
                in.skip(4);
                serverResults = Json.parseObject(in.takeText(n));
                expect = IperfProtocol.DISPLAY_RESULTS;
                continue;
            }
            if (in.available() < 1) {
                return;
            }
            byte state = in.get(0);
            in.skip(1);
            states.add(state);
            if (state == IperfProtocol.SERVER_ERROR || state == IperfProtocol.ACCESS_DENIED) {
                fail("server said " + state);
                return;
            }
            if (state != expect) {
                fail("expected state " + expect + ", got " + state);
                return;
            }
            switch (state) {
                case IperfProtocol.PARAM_EXCHANGE -> {
                    String json = "{\"tcp\":true,\"omit\":0,\"time\":0,\"num\":" + bytes + ",\"blockcount\":0,\"parallel\":"
                            + parallel + (reverse ? ",\"reverse\":true" : "") + ",\"len\":" + blockSize + extraParams
                            + ",\"client_version\":\"3.12\"}";
                    sendJson(json);
                    expect = IperfProtocol.CREATE_STREAMS;
                }
                case IperfProtocol.CREATE_STREAMS -> {
                    open();
                    expect = IperfProtocol.TEST_START;
                }
                case IperfProtocol.TEST_START -> expect = IperfProtocol.TEST_RUNNING;
                case IperfProtocol.TEST_RUNNING -> {
                    running = true;
                    expect = IperfProtocol.EXCHANGE_RESULTS;
                    if (!reverse) {
                        block = los.sgaAlloc(blockSize);
                        block.fill(new byte[blockSize]);
                        for (int s : streams) {
                            pushData(s);
                        }
                    }
                }
                case IperfProtocol.EXCHANGE_RESULTS -> {
                    sendJson("{\"cpu_util_total\":1,\"cpu_util_user\":1,\"cpu_util_system\":0,\"sender_has_retransmits\":0,"
                            + "\"streams\":[]}");
                    expect = -2;
                }
                case IperfProtocol.DISPLAY_RESULTS -> {
                    send(control, new byte[] {IperfProtocol.IPERF_DONE});
                    expect = -100;
                    for (int s : streams) {
                        runner.disown(los, s);
                        los.close(s);
                    }
                    finish();
                }
                default -> fail("unexpected state " + state);
            }
        }
    }

    private void pushData(int qd) {
        if (moved >= bytes) {
            endTest();
            return;
        }
        long qt = los.push(qd, block);
        if (qt < 0) {
            fail("data push refused: " + Errno.name((int) -qt));
        }
    }

    private void endTest() {
        if (!testEndSent) {
            testEndSent = true;
            running = false;
            send(control, new byte[] {IperfProtocol.TEST_END});
        }
    }

    private void sendJson(String json) {
        byte[] doc = json.getBytes(StandardCharsets.UTF_8);
        byte[] m = new byte[4 + doc.length];
        m[0] = (byte) (doc.length >>> 24);
        m[1] = (byte) (doc.length >>> 16);
        m[2] = (byte) (doc.length >>> 8);
        m[3] = (byte) doc.length;
        System.arraycopy(doc, 0, m, 4, doc.length);
        send(control, m);
    }

    private void send(int qd, byte[] bytes) {
        Sga sga = los.sgaAlloc(bytes.length);
        sga.fill(bytes);
        los.push(qd, sga);
        los.sgaFree(sga);
    }

    private void free(QResult r) {
        if (r.sga() != null && r.sga().isLive()) {
            los.sgaFree(r.sga());
        }
    }

    private void fail(String why) {
        if (error == null) {
            error = why;
        }
        for (int s : streams) {
            runner.disown(los, s);
            los.close(s);
        }
        finish();
    }

    private void finish() {
        finished = true;
        if (block != null) {
            los.sgaFree(block);
            block = null;
        }
        runner.disown(los, control);
        los.close(control);
    }

    @Override
    public boolean finished() {
        return finished;
    }

    boolean running() {
        return running;
    }

    String error() {
        return error;
    }

    long moved() {
        return moved;
    }

    List<Byte> states() {
        return states;
    }

    Map<String, Object> serverResults() {
        return serverResults;
    }
}
