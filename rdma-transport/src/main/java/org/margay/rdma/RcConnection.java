package org.margay.rdma;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.margay.fastpath.buffer.PacketBuffer;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.Sga;
import org.margay.pdpix.spi.OperationTable;
import org.margay.rdma.verbs.CmEvent;
import org.margay.rdma.verbs.CmId;
import org.margay.rdma.verbs.QpAttributes;
import org.margay.rdma.verbs.QpInitAttributes;
import org.margay.rdma.verbs.QpState;
import org.margay.rdma.verbs.QpType;
import org.margay.rdma.verbs.QueuePair;
import org.margay.rdma.verbs.SendRequest;
import org.margay.rdma.verbs.VerbsConstants;
import org.margay.rdma.verbs.VerbsException;
import org.margay.rdma.verbs.WcStatus;

/**
 * One reliable-connected queue pair carrying a PDPIX STREAM queue: its connection-manager id, its receives, its
 * sends, and the credits between them.
 *
 * <h2>Wire protocol</h2>
 * Every message is a SEND with immediate data ({@link ImmData}): credits returned, END and FIN flags. The payloads,
 * concatenated, are the queue's element stream in {@link Framing}'s format (a length-prefixed element is its 4-byte
 * big-endian length then its bytes). A pushed element goes out in as few messages as the peer's receive buffer size
 * ({@link ConnectParams}), {@code TCP_MAXSEG} and the device's gather limit allow; its last message carries END. A
 * length-prefixed element that fits one message therefore arrives whole in one receive buffer and is popped there
 * without a copy; a larger one is chunked and reassembled by copying into one element. FIN is an empty message
 * sent after the last element of a graceful close; a disconnect without FIN is a reset.
 *
 * <h2>Completion and free-protection</h2>
 * A push completes when the send of its last message completes (the peer's adapter has the data in its memory). The
 * library OS's copy of the element, holding references on its buffers, is freed only then, whether the send
 * succeeded, failed or was flushed, so the application may {@code sgaFree} at once.
 *
 * <h2>Closing (two-way, like TCP's FIN exchange)</h2>
 * A graceful close finishes posting the element under way and sends FIN when a credit allows. The closing side then
 * keeps receiving until the peer's own FIN: whatever the peer still sends is discarded (its receives re-posted and
 * its credits returned, so the peer's sends complete and its FIN can always go), as TCP's FIN-WAIT states discard for
 * a closed socket. Once its FIN completed <em>and</em> the peer's FIN arrived, either side disconnects. The peer sees
 * the end of its stream (an empty element) after every element sent before the FIN; closing in turn, it sends its
 * FIN and the exchange ends. If the peer does not close within {@code rdma.close-timeout}, the closing side
 * disconnects anyway (TCP's FIN-WAIT-2 timeout): the peer keeps its clean end of stream, and its later pushes fail
 * with {@link Errno#EPIPE}. If FIN itself could not be delivered in that time, or the connection broke first, the
 * close is an abort. Closing with received data never popped is a reset, as RFC 1122 §4.2.2.13 has TCP do, so the
 * peer learns its data was lost ({@link Errno#ECONNRESET}). An abortive close ({@code SO_LINGER} 0) disconnects at
 * once. Either way the queue pair goes to ERR, flushes what it still holds, and the connection releases its id
 * (destroying the queue pair) and buffers only when every request has completed; then an {@code asyncClose}
 * completes: {@link org.margay.pdpix.Opcode#CLOSE} when FIN was delivered, FAILED with the reason when not.
 *
 * <p>Allocation-free on the data path. Single-threaded.
 */
final class RcConnection extends Endpoint {
    private static final ValueLayout.OfInt PREFIX = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int RESOLVE_TIMEOUT_MS = 2000;

    enum Phase { RESOLVING_ADDRESS, RESOLVING_ROUTE, CONNECTING, ACCEPTING, ESTABLISHED, CLOSED }

    final CmId id;
    final boolean active;
    Phase phase;
    private QueuePair qp;
    private RdmaStreamQueue queue;
    Listener listener;
    private int connectSlot = -1;

    private final int window;
    private final int bufferSize;
    private final int sendDepth;
    private final int maxSge;
    private int chunkLimit = Integer.MAX_VALUE;
    private int peerBufferSize;
    private final CreditWindow credits;

    private final ReceiveSlots posted;
    private final MessageRing arrived;
    private int repostDeficitData;
    private int repostDeficitControl;
    private boolean finReceived;

    private final SendRing ring;
    private PacketBuffer headers;
    private Sga current;
    private int currentSlot = -1;
    private long currentTotal;
    private long currentPosted;
    private boolean currentFramed;

    private boolean closeRequested;
    private int closeSlot = -1;
    /** How a pending asyncClose ends once the connection is released: -1 = decided then (FIN delivered or not). */
    private int closeResult = -1;
    private boolean finSent;
    private boolean finCompleted;
    private boolean disconnectCalled;
    private boolean disconnected;
    private long closeDeadline = Long.MAX_VALUE;
    private int failure;
    private boolean destroyed;
    private boolean wasEstablished;

    RcConnection(RdmaLibOS libos, CmId id, boolean active, int window, int sendDepth) {
        super(libos);
        this.id = id;
        this.active = active;
        this.window = window;
        this.bufferSize = libos.settings().messageSize();
        this.sendDepth = sendDepth;
        this.maxSge = Math.min(libos.verbs().device().maxSge(), SendRequest.MAX_SGE);
        this.credits = new CreditWindow(window, 0);
        this.posted = new ReceiveSlots(window);
        this.arrived = new MessageRing(window);
        this.ring = new SendRing(sendDepth);
        this.phase = active ? Phase.RESOLVING_ADDRESS : Phase.ACCEPTING;
        id.context(this);
    }

    // ------------------------------------------------------------------ for the queue

    void attach(RdmaStreamQueue owner) {
        this.queue = owner;
    }

    /** Caps the bytes of each message ({@code TCP_MAXSEG}). */
    void chunkLimit(int bytes) {
        this.chunkLimit = bytes;
    }

    int chunkLimit() {
        return Math.min(chunkLimit, peerBufferSize > 0 ? peerBufferSize : bufferSize);
    }

    boolean isEstablished() {
        return phase == Phase.ESTABLISHED;
    }

    /** Whether the connection was ever established (getpeername and pushes make sense). */
    boolean wasEstablished() {
        return wasEstablished;
    }

    /** The peer broke the element framing: the connection is reset. */
    void protocolError(int errno) {
        fail(errno);
    }

    /** Whether pushes can no longer be sent (closing, disconnected or failed); the errno to fail them with, or 0. */
    int sendRefusal() {
        if (failure != 0) {
            return failure;
        }
        if (disconnected || closeRequested) {
            return Errno.EPIPE;
        }
        return Errno.OK;
    }

    /** Received messages waiting for pops. */
    MessageRing arrived() {
        return arrived;
    }

    /** Whether the peer sent FIN (the stream ends once {@link #arrived} is empty). */
    boolean finReceived() {
        return finReceived;
    }

    /** Why the stream broke (ECONNRESET, ETIMEDOUT, ...), or 0. */
    int failure() {
        if (failure != 0) {
            return failure;
        }
        return disconnected && !finReceived ? Errno.ECONNRESET : Errno.OK;
    }

    /** A message taken out of {@link #arrived} was consumed: its receive is re-posted and owed to the peer. */
    void messageConsumed() {
        repost(true);
        attention();
    }

    InetEndpoint localEndpoint() {
        return id.localAddress();
    }

    InetEndpoint peerEndpoint() {
        return id.peerAddress();
    }

    /** Starts an active connection to {@code ip:port}; the CONNECT operation {@code slot} completes later. */
    int startConnect(int slot, int ip, int port) {
        try {
            libos.cm().resolveAddress(id, ip, port, RESOLVE_TIMEOUT_MS);
        } catch (VerbsException e) {
            return e.errno() == 0 ? Errno.EINVAL : e.errno();
        }
        connectSlot = slot;
        phase = Phase.RESOLVING_ADDRESS;
        return Errno.OK;
    }

    /**
     * The PDPIX queue is closed. Operations the connection took over complete ECANCELED (their buffers stay held
     * until the device is done); gracefully ({@code abort} false) the element under way is finished, FIN sent and the
     * peer's FIN awaited; abortively (or with received data unread) it disconnects at once. The connection then winds
     * down on its own and completes {@code asyncCloseSlot} (an asyncClose's operation, or -1) when it is released.
     */
    void detach(boolean abort, int asyncCloseSlot) {
        queue = null;
        closeSlot = asyncCloseSlot;
        OperationTable ops = libos.operations();
        if (connectSlot >= 0) {
            ops.fail(connectSlot, Errno.ECANCELED);
            connectSlot = -1;
        }
        if (currentSlot >= 0) {
            ops.fail(currentSlot, Errno.ECANCELED);
            currentSlot = -1;
        }
        ring.forEachSlot(slot -> ops.fail(slot, Errno.ECANCELED));
        boolean unread = !arrived.isEmpty();
        int released = arrived.releaseAll();
        closeRequested = true;
        if (failure() != Errno.OK || disconnected) {
            closeResult = Errno.OK;     // broken or ended already, and the application was told: nothing left to lose
        }
        if (phase != Phase.ESTABLISHED || abort || unread) {
            // RFC 1122 §4.2.2.13: closing with received data unread resets, so the peer knows it was lost.
            closeResult = Errno.OK;     // what the application asked for (SO_LINGER 0) or chose (data left unread)
            abortNow();
        } else {
            closeDeadline = libos.nanoTime() + libos.settings().closeTimeoutNanos();
            for (int i = 0; i < released; i++) {
                repost(true);
            }
        }
        attention();
    }

    /** The library OS completes the pending asyncClose itself (it is closing): forget it. */
    void forgetClose() {
        closeSlot = -1;
    }

    /** Completes a pending asyncClose with {@code errno} (0: CLOSE), once. */
    private void completeClose(int errno) {
        int slot = closeSlot;
        closeSlot = -1;
        if (slot >= 0 && libos.operations().isPending(slot)) {
            if (errno == Errno.OK) {
                libos.operations().complete(slot);
            } else {
                libos.operations().fail(slot, errno);
            }
        }
    }

    private void releaseArrived() {
        arrived.releaseAll();
    }

    // ------------------------------------------------------------------ passive set-up

    /** Accepts the CONNECT_REQUEST this connection was made for, from a peer that announced {@code peer}. */
    boolean acceptRequest(ConnectParams peer) {
        credits.granted(peer.window());
        peerBufferSize = peer.bufferSize();
        try {
            createQueuePair();
            if (!postInitialReceives()) {
                libos.cm().reject(id, null);
                return false;
            }
            libos.cm().accept(id, qp, new ConnectParams(window, bufferSize).encode(), libos.settings().rnrRetry());
            return true;
        } catch (VerbsException e) {
            try {
                libos.cm().reject(id, null);
            } catch (VerbsException ignored) {
                // the request is gone already
            }
            return false;
        }
    }

    private void createQueuePair() {
        qp = libos.cm().createQp(id, libos.pd(), new QpInitAttributes(QpType.RC, libos.cq(), libos.cq(), sendDepth, window,
                maxSge, 1, 0, false));
        headers = libos.memory().receivePool().allocate();
        if (headers == null) {
            throw new VerbsException(Errno.ENOBUFS, "no receive buffer left for the connection's header area");
        }
    }

    private boolean postInitialReceives() {
        for (int i = 0; i < window; i++) {
            if (!postReceive()) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ connection manager events

    @Override
    void onCmEvent(CmEvent e) {
        switch (e.type()) {
            case ADDR_RESOLVED -> {
                try {
                    libos.cm().resolveRoute(id, RESOLVE_TIMEOUT_MS);
                    phase = Phase.RESOLVING_ROUTE;
                } catch (VerbsException x) {
                    connectFailed(Errno.EHOSTUNREACH);
                }
            }
            case ROUTE_RESOLVED -> {
                try {
                    createQueuePair();
                    if (!postInitialReceives()) {
                        connectFailed(Errno.ENOBUFS);
                        return;
                    }
                    libos.cm().connect(id, new ConnectParams(window, bufferSize).encode(), libos.settings().rnrRetry());
                    phase = Phase.CONNECTING;
                } catch (VerbsException x) {
                    connectFailed(x.errno() == Errno.ENOBUFS ? Errno.ENOBUFS : Errno.ECONNREFUSED);
                }
            }
            case ESTABLISHED -> onEstablished(e);
            case REJECTED -> connectFailed(Errno.ECONNREFUSED);
            case ADDR_ERROR, ROUTE_ERROR, UNREACHABLE ->
                    connectFailed(e.status() == -Errno.ETIMEDOUT ? Errno.ETIMEDOUT : e.status() == -Errno.ECONNREFUSED
                            ? Errno.ECONNREFUSED : Errno.EHOSTUNREACH);
            case CONNECT_ERROR -> connectFailed(Errno.ECONNABORTED);
            case DISCONNECTED -> onDisconnected();
            default -> {
                // TIMEWAIT_EXIT, ADDR_CHANGE, ...: nothing to do
            }
        }
    }

    private void onEstablished(CmEvent e) {
        wasEstablished = true;
        if (active) {
            ConnectParams peer = ConnectParams.decode(e.privateData());
            if (peer == null) {
                connectFailed(Errno.ECONNABORTED);      // the acceptor does not speak this protocol
                abortNow();
                return;
            }
            credits.granted(peer.window());
            peerBufferSize = peer.bufferSize();
            phase = Phase.ESTABLISHED;
            if (connectSlot >= 0) {
                libos.operations().complete(connectSlot);
                connectSlot = -1;
            }
        } else {
            phase = Phase.ESTABLISHED;
            Listener l = listener;
            listener = null;
            if (l != null) {
                l.established(this);
            }
        }
        if (queue != null) {
            queue.wakeUp();
        }
        attention();
    }

    private void connectFailed(int errno) {
        phase = Phase.CLOSED;
        failure = errno;
        moveToError();
        if (connectSlot >= 0) {
            libos.operations().fail(connectSlot, errno);
            connectSlot = -1;
        }
        if (queue != null) {
            queue.wakeUp();
        }
        attention();
    }

    private void onDisconnected() {
        disconnected = true;
        if (phase != Phase.ESTABLISHED && phase != Phase.CLOSED) {
            // A connection that died before it was established (its requester gave up).
            if (listener != null) {
                listener.gaveUp(this);
                listener = null;
            }
        }
        phase = Phase.CLOSED;
        moveToError();
        failPendingSends(finReceived ? Errno.EPIPE : Errno.ECONNRESET);
        if (queue != null) {
            queue.wakeUp();
        }
        attention();
    }

    // ------------------------------------------------------------------ completions

    @Override
    void onSendCompletion(int entry, int status) {
        if (ring.isEmpty()) {
            return;     // stale
        }
        OperationTable ops = libos.operations();
        int slot = ring.headSlot();
        Sga element = ring.headElement();
        boolean fin = ring.headIsFin();
        ring.pop();
        if (slot >= 0) {
            if (status == WcStatus.SUCCESS) {
                ops.complete(slot);
            } else {
                ops.fail(slot, CompletionErrors.errno(status));
            }
        }
        if (element != null) {
            libos.sgaPool().free(element);
        }
        if (status == WcStatus.SUCCESS) {
            if (fin) {
                finCompleted = true;
            }
        } else if (status != WcStatus.WR_FLUSH_ERR || !disconnectCalled) {
            fail(CompletionErrors.errno(status));
        }
        attention();
    }

    @Override
    void onRecvCompletion(int entry, int status, int byteLen, int imm, int flags) {
        PacketBuffer b = posted.remove(entry);
        if (b == null) {
            return;     // stale
        }
        if (status != WcStatus.SUCCESS) {
            b.release();
            if (status != WcStatus.WR_FLUSH_ERR) {
                fail(CompletionErrors.errno(status));
            }
            attention();
            return;
        }
        if ((flags & VerbsConstants.WC_WITH_IMM) == 0 || !ImmData.valid(imm)) {
            b.release();
            fail(Errno.EPROTOTYPE);     // the peer does not speak this protocol
            return;
        }
        credits.granted(ImmData.credits(imm));
        if (byteLen == 0) {
            b.release();
            if (ImmData.fin(imm)) {
                finReceived = true;
            }
            repost(false);
        } else {
            b.append(byteLen);
            if (queue == null && closeRequested) {
                b.release();        // nobody will pop it any more; its credit goes back so the peer's FIN can follow
                repost(true);
            } else {
                arrived.add(b, ImmData.end(imm), 0, 0);
            }
            if (ImmData.fin(imm)) {
                finReceived = true;
            }
        }
        if (queue != null) {
            queue.wakeUp();
        }
        attention();
    }

    // ------------------------------------------------------------------ receives

    private boolean postReceive() {
        PacketBuffer b = libos.memory().receivePool().allocate();
        if (b == null || posted.isFull()) {
            if (b != null) {
                b.release();
            }
            return false;
        }
        int entry = posted.add(b);
        int rc = libos.verbs().postRecv(qp, wrId(WorkIds.RECV, entry), b.segment().address() + b.start(), b.tailroom(),
                libos.memory().receivePool().lkey());
        if (rc != Errno.OK) {
            posted.cancel(entry);
            b.release();
            return false;
        }
        return true;
    }

    /** Re-posts one receive (or remembers to, when the pool is empty). */
    private void repost(boolean afterData) {
        if (!receiving()) {
            return;
        }
        if (postReceive()) {
            if (afterData) {
                credits.repostedAfterData();
            } else {
                credits.repostedAfterControl();
            }
        } else {
            libos.countDeferredReceive();
            if (afterData) {
                repostDeficitData++;
            } else {
                repostDeficitControl++;
            }
        }
    }

    /**
     * Whether receives are still worth posting: from queue pair creation (a peer's first message may arrive before
     * this side has seen ESTABLISHED) until the connection is torn down, closing or not.
     */
    private boolean receiving() {
        return qp != null && phase != Phase.CLOSED && !disconnectCalled && !disconnected && failure == 0;
    }

    private int replenish() {
        int work = 0;
        while (repostDeficitData + repostDeficitControl > 0 && receiving()) {
            if (!postReceive()) {
                break;
            }
            if (repostDeficitData > 0) {
                repostDeficitData--;
                credits.repostedAfterData();
            } else {
                repostDeficitControl--;
                credits.repostedAfterControl();
            }
            work++;
        }
        return work;
    }

    // ------------------------------------------------------------------ sends

    @Override
    int pump(long now) {
        if (destroyed) {
            return 0;
        }
        int work = replenish();
        if (repostDeficitData + repostDeficitControl > 0 && failure == 0 && !disconnected) {
            attention();        // the receive pool was empty: try again next cycle
        }
        if (phase == Phase.ESTABLISHED && failure == 0 && !disconnected) {
            work += postData();
            if (closeRequested && current == null && !finSent && !ring.isFull() && credits.canSendControl()) {
                postControl(ImmData.FIN);
                finSent = true;
                work++;
            }
            if (!ring.isFull() && credits.creditReturnDue()) {
                postControl(0);     // also after FIN: the peer may still be sending until its own FIN
                work++;
            }
            if (finCompleted && finReceived && !disconnectCalled) {
                disconnectNow();    // both FINs delivered: the close handshake is over
                work++;
            }
            if (closeRequested && !disconnectCalled && now >= closeDeadline) {
                if (finCompleted) {
                    disconnectNow();    // the peer never closed its side (TCP's FIN-WAIT-2 timeout): it has every byte
                } else {
                    closeResult = Errno.ETIMEDOUT;  // FIN never went or was never acknowledged: data may be lost
                    abortNow();
                }
                work++;
            }
        }
        if (queue == null && closeRequested && !destroyed && drained()) {
            release();
            work++;
        }
        return work;
    }

    private int postData() {
        int work = 0;
        while (!ring.isFull() && credits.canSendData()) {
            if (current == null && !takeNextElement()) {
                break;
            }
            if (!postChunk()) {
                break;
            }
            work++;
        }
        return work;
    }

    /** Takes the oldest pending push of the queue as the element under way; false when there is none. */
    private boolean takeNextElement() {
        if (queue == null || closeRequested) {
            return false;
        }
        int slot = queue.nextPush();
        if (slot < 0) {
            return false;
        }
        Sga element = queue.takePush(slot);
        element = libos.registered(element);
        if (element == null) {
            libos.operations().fail(slot, Errno.ENOMEM);
            return current != null;
        }
        current = element;
        currentSlot = slot;
        currentFramed = queue.framing() == Framing.LENGTH_PREFIXED;
        currentTotal = element.totalLength() + (currentFramed ? Framing.PREFIX_BYTES : 0);
        currentPosted = 0;
        return true;
    }

    private boolean postChunk() {
        SendRequest sr = libos.sendRequest().clear();
        int entry = ring.nextEntry();
        long from = currentPosted;
        long budget = Math.min(chunkLimit(), currentTotal - from);
        long position = from;
        if (currentFramed && position < Framing.PREFIX_BYTES) {
            long at = (long) entry * 8;
            headers.segment().set(PREFIX, at, (int) (currentTotal - Framing.PREFIX_BYTES));
            int n = (int) (Framing.PREFIX_BYTES - position);
            sr.addSge(headers.segment().address() + at + position, n, libos.memory().receivePool().lkey());
            budget -= n;
            position += n;
        }
        long skip = position - (currentFramed ? Framing.PREFIX_BYTES : 0);
        for (int s = 0; s < current.segmentCount() && budget > 0 && sr.numSge() < maxSge; s++) {
            PacketBuffer b = current.buffer(s);
            int length = b.length();
            if (skip >= length) {
                skip -= length;
                continue;
            }
            int offset = b.start() + (int) skip;
            int n = (int) Math.min(length - skip, budget);
            skip = 0;
            long key = libos.memory().lkeyOf(b, offset, n);
            sr.addSge(b.segment().address() + offset, n, (int) key);
            budget -= n;
        }
        long bytes = sr.totalLength();
        boolean last = from + bytes == currentTotal;
        sr.set(wrId(WorkIds.SEND, entry), VerbsConstants.WR_SEND_WITH_IMM, VerbsConstants.SEND_SIGNALED)
                .imm(ImmData.make(credits.spend(), last ? ImmData.END : 0));
        int rc = libos.verbs().postSend(qp, sr);
        if (rc != Errno.OK) {
            fail(rc == Errno.ENOMEM ? Errno.ENOBUFS : Errno.EIO);
            return false;
        }
        currentPosted += bytes;
        if (last) {
            ring.push(currentSlot, current, false);
            current = null;
            currentSlot = -1;
        } else {
            ring.push(-1, null, false);
        }
        return true;
    }

    private void postControl(int flags) {
        SendRequest sr = libos.sendRequest().clear();
        int entry = ring.nextEntry();
        sr.set(wrId(WorkIds.SEND, entry), VerbsConstants.WR_SEND_WITH_IMM, VerbsConstants.SEND_SIGNALED)
                .imm(ImmData.make(credits.spend(), flags));
        int rc = libos.verbs().postSend(qp, sr);
        if (rc != Errno.OK) {
            fail(Errno.EIO);
            return;
        }
        ring.push(-1, null, (flags & ImmData.FIN) != 0);
    }

    // ------------------------------------------------------------------ failure and teardown

    /** The connection broke with {@code errno}: every push fails, pops fail once received data is taken. */
    private void fail(int errno) {
        if (failure == 0) {
            failure = errno;
        }
        failPendingSends(errno);
        if (phase == Phase.ESTABLISHED && !disconnectCalled) {
            disconnectNow();
        } else {
            moveToError();
        }
        if (queue != null) {
            queue.wakeUp();
        }
        attention();
    }

    private void failPendingSends(int errno) {
        OperationTable ops = libos.operations();
        if (currentSlot >= 0) {
            ops.fail(currentSlot, errno);
            currentSlot = -1;
        }
        if (current != null) {
            // Earlier messages of the element may still be in flight: the last of them keeps it alive.
            if (ring.isEmpty()) {
                libos.sgaPool().free(current);
            } else {
                int tail = ring.tail();
                if (ring.element(tail) == null) {
                    ring.element(tail, current);
                } else {
                    libos.sgaPool().free(current);
                }
            }
            current = null;
        }
        if (queue != null) {
            queue.failPendingPushes(errno);
        }
    }

    private void abortNow() {
        if (phase == Phase.ESTABLISHED && !disconnectCalled) {
            disconnectNow();
        }
        failPendingSends(Errno.ECONNABORTED);
        moveToError();
    }

    private void disconnectNow() {
        disconnectCalled = true;
        try {
            libos.cm().disconnect(id);
        } catch (VerbsException e) {
            // not connected any more: the queue pair is moved to ERR below all the same
        }
        moveToError();
        disconnected = true;
    }

    private void moveToError() {
        if (qp != null && qp.state() != QpState.ERR && qp.state() != QpState.RESET) {
            try {
                libos.verbs().modifyQp(qp, new QpAttributes().state(QpState.ERR));
            } catch (VerbsException ignored) {
                // destroyed meanwhile
            }
        }
    }

    /** Whether the device holds nothing of this connection any more. */
    private boolean drained() {
        if (qp == null || phase != Phase.ESTABLISHED && phase != Phase.CLOSED) {
            return true;        // never reached RTR: nothing was sent, receives are discarded with the queue pair
        }
        if (qp.state() != QpState.ERR && qp.state() != QpState.RESET) {
            return false;
        }
        return ring.isEmpty() && posted.count() == 0;
    }

    private void release() {
        destroyed = true;
        libos.removeEndpoint(this);
        completeClose(closeResult >= 0 ? closeResult : finCompleted ? Errno.OK : failure() != 0 ? failure() : Errno.ECONNRESET);
        if (listener != null) {
            listener.gaveUp(this);
            listener = null;
        }
        try {
            libos.cm().destroyId(id);
        } catch (VerbsException ignored) {
            // already gone with its device
        }
        posted.releaseAll();
        releaseArrived();
        while (!ring.isEmpty()) {
            Sga e = ring.headElement();
            if (e != null) {
                libos.sgaPool().free(e);
            }
            ring.pop();
        }
        if (current != null) {
            libos.sgaPool().free(current);
            current = null;
        }
        if (headers != null) {
            headers.release();
            headers = null;
        }
    }

    @Override
    boolean finished() {
        return destroyed;
    }

    @Override
    long deadline() {
        return closeRequested && !disconnectCalled && !destroyed ? closeDeadline : Long.MAX_VALUE;
    }

    @Override
    void destroy() {
        if (destroyed) {
            return;
        }
        queue = null;
        closeRequested = true;
        OperationTable ops = libos.operations();
        if (connectSlot >= 0 && ops.isPending(connectSlot)) {
            ops.fail(connectSlot, Errno.ECANCELED);
        }
        connectSlot = -1;
        if (currentSlot >= 0 && ops.isPending(currentSlot)) {
            ops.fail(currentSlot, Errno.ECANCELED);
        }
        currentSlot = -1;
        ring.forEachSlot(slot -> {
            if (ops.isPending(slot)) {
                ops.fail(slot, Errno.ECANCELED);
            }
        });
        release();
    }

    @Override
    public String toString() {
        return "RC " + id.localAddress() + "→" + id.peerAddress() + " " + phase + (failure != 0 ? " " + Errno.name(failure) : "");
    }
}
