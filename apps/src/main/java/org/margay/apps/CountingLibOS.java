package org.margay.apps;

import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;

/**
 * A view of a library OS that counts what applications do through it, whatever the library OS: connections
 * accepted and opened, bytes and elements pushed and popped, operations that failed. {@code margay serve} prints
 * these in its summary line.
 *
 * <p>Bytes out are counted when a push is started (the library OS took the element), bytes in when a pop's result
 * is collected by any wait. Counting reads lengths only: no allocation. Single-threaded; read the counters from the
 * library OS's thread (or accept a slightly stale view).
 */
public final class CountingLibOS extends ForwardingLibOS {
    private long connectionsAccepted;
    private long connectionsOpened;
    private long bytesIn;
    private long bytesOut;
    private long elementsIn;
    private long elementsOut;
    private long failures;

    /** Counts what goes through {@code delegate}. */
    public CountingLibOS(LibOS delegate) {
        super(delegate);
    }

    @Override
    public long push(int qd, Sga sga) {
        long length = sga != null && sga.isLive() ? sga.totalLength() : 0;
        long qt = super.push(qd, sga);
        if (qt > 0) {
            countOut(length);
        }
        return qt;
    }

    @Override
    public long pushTo(int qd, Sga sga, InetEndpoint remote) {
        long length = sga != null && sga.isLive() ? sga.totalLength() : 0;
        long qt = super.pushTo(qd, sga, remote);
        if (qt > 0) {
            countOut(length);
        }
        return qt;
    }

    @Override
    public int blockingPush(int qd, Sga sga, long timeoutNanos) {
        long length = sga != null && sga.isLive() ? sga.totalLength() : 0;
        int rc = super.blockingPush(qd, sga, timeoutNanos);
        if (rc == 0) {
            countOut(length);
        }
        return rc;
    }

    @Override
    public int wait(long qt, QResult result, long timeoutNanos) {
        int rc = super.wait(qt, result, timeoutNanos);
        if (rc == 0) {
            count(result);
        }
        return rc;
    }

    @Override
    public int waitAny(long[] qts, int count, QResult result, long timeoutNanos) {
        int index = super.waitAny(qts, count, result, timeoutNanos);
        if (index >= 0) {
            count(result);
        }
        return index;
    }

    @Override
    public int waitAll(long[] qts, int count, QResult[] results, long timeoutNanos) {
        int rc = super.waitAll(qts, count, results, timeoutNanos);
        if (rc == 0) {
            for (int i = 0; i < count; i++) {
                count(results[i]);
            }
        }
        return rc;
    }

    @Override
    public int waitNext(QResult[] results, long timeoutNanos) {
        int n = super.waitNext(results, timeoutNanos);
        for (int i = 0; i < n; i++) {
            count(results[i]);
        }
        return n;
    }

    @Override
    public int blockingPop(int qd, QResult result, long timeoutNanos) {
        int rc = super.blockingPop(qd, result, timeoutNanos);
        if (rc == 0) {
            count(result);
        }
        return rc;
    }

    private void countOut(long length) {
        bytesOut += length;
        elementsOut++;
    }

    private void count(QResult r) {
        Opcode op = r.opcode();
        if (op == Opcode.FAILED) {
            failures++;
        } else if (op == Opcode.POP) {
            Sga sga = r.sga();
            if (sga != null && sga.isLive() && sga.segmentCount() > 0) {
                bytesIn += sga.totalLength();
                elementsIn++;
            }
        } else if (op == Opcode.ACCEPT) {
            connectionsAccepted++;
        } else if (op == Opcode.CONNECT) {
            connectionsOpened++;
        }
    }

    /** Connections accepted by listeners. */
    public long connectionsAccepted() {
        return connectionsAccepted;
    }

    /** Connections this side opened (connects that completed). */
    public long connectionsOpened() {
        return connectionsOpened;
    }

    /** Bytes popped (every queue type). */
    public long bytesIn() {
        return bytesIn;
    }

    /** Bytes pushed (taken by the library OS). */
    public long bytesOut() {
        return bytesOut;
    }

    /** Non-empty elements popped. */
    public long elementsIn() {
        return elementsIn;
    }

    /** Elements pushed. */
    public long elementsOut() {
        return elementsOut;
    }

    /** Operations that completed FAILED (resets, refused connects, cancellations by close). */
    public long failures() {
        return failures;
    }
}
