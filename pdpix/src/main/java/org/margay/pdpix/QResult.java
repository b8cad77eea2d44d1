package org.margay.pdpix;

/**
 * The result of a completed qtoken, mirroring Demikernel's {@code demi_qresult_t}: the opcode, the queue, the
 * token, a return code, and the value (a popped element, an accepted queue, a peer address).
 *
 * <p>A {@code QResult} is a reusable holder the application owns: {@link LibOS#wait} fills it, so waiting
 * allocates nothing. Each wait overwrites every field. A popped {@link #sga()} belongs to the application
 * afterwards and must be given back with {@link LibOS#sgaFree}.
 */
public final class QResult {
    private Opcode opcode = Opcode.INVALID;
    private Opcode failedOpcode = Opcode.INVALID;
    private int qd = -1;
    private long qt;
    private int ret;
    private Sga sga;
    private int acceptedQd = -1;
    private int peerIp;
    private int peerPort;

    /** What completed: {@link Opcode#FAILED} when the operation failed. */
    public Opcode opcode() {
        return opcode;
    }

    /** For a {@link Opcode#FAILED} result, which operation failed; otherwise {@link #opcode()}. */
    public Opcode failedOpcode() {
        return opcode == Opcode.FAILED ? failedOpcode : opcode;
    }

    /** The queue descriptor the operation was on. */
    public int qd() {
        return qd;
    }

    /** The qtoken that completed (now consumed). */
    public long qt() {
        return qt;
    }

    /** 0, or the {@link Errno} of a failed operation. */
    public int ret() {
        return ret;
    }

    /** Whether the operation succeeded. */
    public boolean ok() {
        return opcode != Opcode.FAILED && opcode != Opcode.INVALID;
    }

    /**
     * The popped element (POP; empty at end of stream), now the application's to {@link LibOS#sgaFree}; null for
     * every other opcode (a push's element stays the application's: it frees it whenever it likes, see
     * {@link LibOS#push}).
     */
    public Sga sga() {
        return sga;
    }

    /** The new connection's queue descriptor (ACCEPT), or -1. */
    public int acceptedQd() {
        return acceptedQd;
    }

    /** The peer's address: the accepted connection's (ACCEPT), the datagram's sender (POP on DGRAM), or 0. */
    public int peerIp() {
        return peerIp;
    }

    /** The peer's port, as {@link #peerIp()}. */
    public int peerPort() {
        return peerPort;
    }

    /** The peer as an endpoint (allocates: control path). */
    public InetEndpoint peer() {
        return new InetEndpoint(peerIp, peerPort);
    }

    // ------------------------------------------------------------------ filled by library OSes

    /** Clears every field (INVALID, no value). */
    public void clear() {
        opcode = Opcode.INVALID;
        failedOpcode = Opcode.INVALID;
        qd = -1;
        qt = 0;
        ret = 0;
        sga = null;
        acceptedQd = -1;
        peerIp = 0;
        peerPort = 0;
    }

    /** Fills a successful result. For library OSes. */
    public void success(Opcode opcode, int qd, long qt, Sga sga, int acceptedQd, int peerIp, int peerPort) {
        this.opcode = opcode;
        this.failedOpcode = opcode;
        this.qd = qd;
        this.qt = qt;
        this.ret = 0;
        this.sga = sga;
        this.acceptedQd = acceptedQd;
        this.peerIp = peerIp;
        this.peerPort = peerPort;
    }

    /** Fills a failed result. For library OSes. */
    public void failure(Opcode failed, int qd, long qt, int errno) {
        this.opcode = Opcode.FAILED;
        this.failedOpcode = failed;
        this.qd = qd;
        this.qt = qt;
        this.ret = errno;
        this.sga = null;
        this.acceptedQd = -1;
        this.peerIp = 0;
        this.peerPort = 0;
    }

    /** Copies every field of {@code other}. */
    public void copyFrom(QResult other) {
        this.opcode = other.opcode;
        this.failedOpcode = other.failedOpcode;
        this.qd = other.qd;
        this.qt = other.qt;
        this.ret = other.ret;
        this.sga = other.sga;
        this.acceptedQd = other.acceptedQd;
        this.peerIp = other.peerIp;
        this.peerPort = other.peerPort;
    }

    @Override
    public String toString() {
        if (opcode == Opcode.FAILED) {
            return "QResult[FAILED " + failedOpcode + " qd=" + qd + " " + Errno.name(ret) + "]";
        }
        return "QResult[" + opcode + " qd=" + qd + (sga != null && sga.isLive() ? " " + sga : "")
                + (acceptedQd >= 0 ? " accepted=" + acceptedQd : "") + "]";
    }
}
