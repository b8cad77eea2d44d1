package org.margay.pdpix.contract.memory;

import java.util.ArrayDeque;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Framing;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.ElementDecoder;
import org.margay.pdpix.spi.ElementEncoder;
import org.margay.pdpix.spi.IoQueue;

/** A TCP-like queue: a listener with a backlog, or one end of a connection made of two {@link BytePipe}s. */
final class MemoryStreamQueue extends IoQueue {
    private static final int PIPE_BYTES = 128 * 1024;

    private final MemoryLibOS os;
    private final ElementEncoder encoder = new ElementEncoder();
    private final ElementDecoder decoder;
    private final ArrayDeque<MemoryStreamQueue> backlog = new ArrayDeque<>();
    private int backlogLimit;
    private boolean listening;
    private int localAddress;
    private int localPort;
    private int remoteAddress;
    private int remotePort;
    private BytePipe in;
    private BytePipe out;
    private int failure;
    private boolean nodelay;
    private boolean keepalive;
    private int linger = -1;
    private int rcvbuf = PIPE_BYTES;
    private int sndbuf = PIPE_BYTES;
    private int maxseg = 1460;
    private boolean reuse;
    private Framing framing = Framing.LENGTH_PREFIXED;

    MemoryStreamQueue(MemoryLibOS os) {
        super(os, Domain.INET, SocketType.STREAM);
        this.os = os;
        this.decoder = new ElementDecoder(os.sgaPool(), Framing.MAX_ELEMENT);
    }

    // ------------------------------------------------------------------ control path

    @Override
    protected void bind(InetEndpoint local) {
        if (localPort != 0) {
            throw new PdpixException(Errno.EINVAL, "already bound");
        }
        localPort = os.network().bindTcp(this, local.address(), local.port());
        localAddress = local.address();
    }

    @Override
    protected void listen(int backlog) {
        if (localPort == 0) {
            bind(new InetEndpoint(os.address(), 0));
        }
        listening = true;
        backlogLimit = backlog;
    }

    @Override
    protected InetEndpoint localEndpoint() {
        return new InetEndpoint(localAddress, localPort);
    }

    @Override
    protected InetEndpoint remoteEndpoint() {
        if (in == null) {
            throw new PdpixException(Errno.ENOTCONN, "not connected");
        }
        return new InetEndpoint(remoteAddress, remotePort);
    }

    // ------------------------------------------------------------------ connections

    @Override
    protected int startAccept(int slot) {
        if (!listening) {
            return Errno.EINVAL;
        }
        pendingPops.add(slot);
        wake();
        return Errno.OK;
    }

    @Override
    protected int startConnect(int slot, int ip, int port) {
        if (listening || in != null) {
            return Errno.EISCONN;
        }
        MemoryStreamQueue listener = os.network().tcpAt(ip, port);
        if (listener == null || !listener.listening || listener.isClosed() || listener.backlog.size() >= listener.backlogLimit) {
            return Errno.ECONNREFUSED;
        }
        if (localPort == 0) {
            localAddress = os.address();
            localPort = os.network().bindTcp(this, localAddress, 0);
        }
        MemoryStreamQueue accepted = new MemoryStreamQueue(listener.os);
        accepted.framing = listener.framing;
        accepted.decoder.framing(listener.framing);
        accepted.encoder.framing(listener.framing);
        // Accepted queues inherit the listener's options, as Linux's do.
        accepted.nodelay = listener.nodelay;
        accepted.keepalive = listener.keepalive;
        accepted.linger = listener.linger;
        accepted.rcvbuf = listener.rcvbuf;
        accepted.sndbuf = listener.sndbuf;
        accepted.maxseg = listener.maxseg;
        accepted.localAddress = ip;
        accepted.localPort = port;
        accepted.remoteAddress = localAddress;
        accepted.remotePort = localPort;
        remoteAddress = ip;
        remotePort = port;
        BytePipe up = new BytePipe(PIPE_BYTES);
        BytePipe down = new BytePipe(PIPE_BYTES);
        up.ends(this, accepted);
        down.ends(accepted, this);
        out = up;
        in = down;
        accepted.in = up;
        accepted.out = down;
        listener.backlog.add(accepted);
        listener.wake();
        ops.complete(slot);
        return Errno.OK;
    }

    /** The other end wrote, read, finished or reset. */
    void peerActivity() {
        wake();
    }

    // ------------------------------------------------------------------ data path

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        if (failure != Errno.OK) {
            return failure;
        }
        if (out == null) {
            return Errno.ENOTCONN;
        }
        pendingPushes.add(slot);
        wake();
        return Errno.OK;
    }

    @Override
    protected int startPop(int slot) {
        if (listening) {
            return Errno.EINVAL;
        }
        if (failure != Errno.OK) {
            return failure;
        }
        if (in == null) {
            return Errno.ENOTCONN;
        }
        pendingPops.add(slot);
        wake();
        return Errno.OK;
    }

    @Override
    protected int service(long nowNanos) {
        if (listening) {
            return serviceAccepts();
        }
        if (in == null) {
            return 0;
        }
        if (failure == Errno.OK && in.isReset()) {
            fail(Errno.ECONNRESET);
        }
        int work = 0;
        while (!pendingPushes.isEmpty() && failure == Errno.OK) {
            int slot = pendingPushes.peek();
            int r = encoder.write(ops.sga(slot), out);
            if (r == 1) {
                pendingPushes.poll();
                completePush(slot);
                work++;
            } else if (r < 0) {
                fail(-r);
            } else {
                break;
            }
        }
        while (!pendingPops.isEmpty() && failure == Errno.OK) {
            Sga element = decoder.next(in);
            if (element != null) {
                completePop(pendingPops.poll(), element, 0, 0);
                work++;
            } else if (decoder.error() == Errno.EPROTOTYPE || decoder.error() == Errno.EMSGSIZE) {
                int error = decoder.error();
                out.reset();
                in.reset();
                fail(error);
            } else if (decoder.atEof()) {
                completePop(pendingPops.poll(), os.sgaPool().allocateEmpty(), 0, 0);
                work++;
            } else {
                break;
            }
        }
        return work;
    }

    private int serviceAccepts() {
        int work = 0;
        while (!pendingPops.isEmpty() && !backlog.isEmpty()) {
            MemoryStreamQueue q = backlog.poll();
            int qd = os.registerAccepted(q);
            completeAccept(pendingPops.poll(), qd, q.remoteAddress, q.remotePort);
            q.wake();
            work++;
        }
        return work;
    }

    private void fail(int errno) {
        failure = errno;
        failAllPending(errno);
    }

    @Override
    protected void closeNow() {
        if (listening) {
            for (MemoryStreamQueue q = backlog.poll(); q != null; q = backlog.poll()) {
                q.out.reset();
            }
        }
        if (out != null) {
            if (linger == 0) {
                out.reset();
                in.reset();
            } else {
                out.finish();
            }
            out.detach(this);
            in.detach(this);
        }
        decoder.reset();
        encoder.reset();
        if (localPort != 0) {
            os.network().unbindTcp(localAddress, localPort, this);
        }
    }

    // ------------------------------------------------------------------ options

    @Override
    protected <T> void setOption(SocketOption<T> option, T value) {
        if (option == SocketOption.TCP_NODELAY) {
            nodelay = (Boolean) value;
        } else if (option == SocketOption.SO_KEEPALIVE) {
            keepalive = (Boolean) value;
        } else if (option == SocketOption.SO_LINGER) {
            linger = (Integer) value < 0 ? -1 : (Integer) value;
        } else if (option == SocketOption.SO_RCVBUF) {
            rcvbuf = (Integer) value;
        } else if (option == SocketOption.SO_SNDBUF) {
            sndbuf = (Integer) value;
        } else if (option == SocketOption.TCP_MAXSEG) {
            maxseg = (Integer) value;
        } else if (option == SocketOption.SO_REUSEADDR) {
            reuse = (Boolean) value;
        } else if (option == SocketOption.FRAMING) {
            framing = (Framing) value;
            encoder.framing(framing);
            decoder.framing(framing);
        } else {
            super.setOption(option, value);
        }
    }

    @Override
    protected <T> T getOption(SocketOption<T> option) {
        Object v;
        if (option == SocketOption.TCP_NODELAY) {
            v = nodelay;
        } else if (option == SocketOption.SO_KEEPALIVE) {
            v = keepalive;
        } else if (option == SocketOption.SO_LINGER) {
            v = linger;
        } else if (option == SocketOption.SO_RCVBUF) {
            v = rcvbuf;
        } else if (option == SocketOption.SO_SNDBUF) {
            v = sndbuf;
        } else if (option == SocketOption.TCP_MAXSEG) {
            v = maxseg;
        } else if (option == SocketOption.SO_REUSEADDR) {
            v = reuse;
        } else if (option == SocketOption.FRAMING) {
            v = framing;
        } else {
            return super.getOption(option);
        }
        return option.cast(v);
    }
}
