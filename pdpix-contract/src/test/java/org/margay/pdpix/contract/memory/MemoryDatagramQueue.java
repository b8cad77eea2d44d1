package org.margay.pdpix.contract.memory;

import java.util.ArrayDeque;
import org.margay.pdpix.Domain;
import org.margay.pdpix.Errno;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.PdpixException;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;
import org.margay.pdpix.spi.IoQueue;

/** A UDP-like queue: each push is copied whole into the destination queue's receive list. */
final class MemoryDatagramQueue extends IoQueue {
    private static final int MAX_DATAGRAM = 65_507;
    private static final int MAX_QUEUED = 256;

    private final MemoryLibOS os;
    private final ArrayDeque<Sga> received = new ArrayDeque<>();
    private int localAddress;
    private int localPort;
    private int remoteAddress;
    private int remotePort;
    private int rcvbuf = 212_992;
    private int sndbuf = 212_992;
    private boolean reuse;

    MemoryDatagramQueue(MemoryLibOS os) {
        super(os, Domain.INET, SocketType.DGRAM);
        this.os = os;
    }

    @Override
    protected void bind(InetEndpoint local) {
        if (localPort != 0) {
            throw new PdpixException(Errno.EINVAL, "already bound");
        }
        localPort = os.network().bindUdp(this, local.address(), local.port());
        localAddress = local.address();
    }

    @Override
    protected InetEndpoint localEndpoint() {
        return new InetEndpoint(localAddress, localPort);
    }

    @Override
    protected InetEndpoint remoteEndpoint() {
        if (remotePort == 0) {
            throw new PdpixException(Errno.ENOTCONN, "not connected");
        }
        return new InetEndpoint(remoteAddress, remotePort);
    }

    @Override
    protected int startConnect(int slot, int ip, int port) {
        autoBind();
        remoteAddress = ip;
        remotePort = port;
        ops.complete(slot);
        return Errno.OK;
    }

    @Override
    protected int startPush(int slot, Sga element, int ip, int port) {
        if (ip == 0 && port == 0) {
            if (remotePort == 0) {
                return Errno.ENOTCONN;
            }
            ip = remoteAddress;
            port = remotePort;
        }
        if (element.totalLength() > MAX_DATAGRAM) {
            return Errno.EMSGSIZE;
        }
        autoBind();
        MemoryDatagramQueue target = os.network().udpAt(ip, port);
        if (target != null) {
            target.deliver(element, localAddress != 0 ? localAddress : os.address(), localPort);
        }
        completePush(slot);
        return Errno.OK;
    }

    private void deliver(Sga element, int fromIp, int fromPort) {
        if (received.size() >= MAX_QUEUED) {
            return;
        }
        Sga copy = os.sgaPool().allocate((int) element.totalLength());
        if (copy == null) {
            return;
        }
        copy.fill(element.toByteArray());
        copy.address(fromIp, fromPort);
        received.add(copy);
        wake();
    }

    @Override
    protected int startPop(int slot) {
        Sga next = received.poll();
        if (next != null) {
            completePop(slot, next, next.addressIp(), next.addressPort());
        } else {
            pendingPops.add(slot);
        }
        return Errno.OK;
    }

    @Override
    protected int service(long nowNanos) {
        int work = 0;
        while (!pendingPops.isEmpty() && !received.isEmpty()) {
            Sga next = received.poll();
            completePop(pendingPops.poll(), next, next.addressIp(), next.addressPort());
            work++;
        }
        return work;
    }

    private void autoBind() {
        if (localPort == 0) {
            localAddress = os.address();
            localPort = os.network().bindUdp(this, localAddress, 0);
        }
    }

    @Override
    protected <T> void setOption(SocketOption<T> option, T value) {
        if (option == SocketOption.SO_RCVBUF) {
            rcvbuf = (Integer) value;
        } else if (option == SocketOption.SO_SNDBUF) {
            sndbuf = (Integer) value;
        } else if (option == SocketOption.SO_REUSEADDR) {
            reuse = (Boolean) value;
        } else {
            super.setOption(option, value);
        }
    }

    @Override
    protected <T> T getOption(SocketOption<T> option) {
        if (option == SocketOption.SO_RCVBUF) {
            return option.cast(rcvbuf);
        } else if (option == SocketOption.SO_SNDBUF) {
            return option.cast(sndbuf);
        } else if (option == SocketOption.SO_REUSEADDR) {
            return option.cast(reuse);
        }
        return super.getOption(option);
    }

    @Override
    protected void closeNow() {
        os.network().unbindUdp(localAddress, localPort, this);
        for (Sga s = received.poll(); s != null; s = received.poll()) {
            os.sgaPool().free(s);
        }
    }
}
