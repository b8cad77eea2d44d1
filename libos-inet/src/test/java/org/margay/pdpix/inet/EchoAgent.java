package org.margay.pdpix.inet;

import java.util.function.IntSupplier;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.Opcode;
import org.margay.pdpix.QResult;
import org.margay.pdpix.QTokens;

/**
 * A PDPIX echo server written as a group agent: each pass it takes the server library OS's completions with
 * {@code waitNext(results, 0)} (never blocking) and reacts — accept → pop; pop → push the same element back;
 * end of stream or error → close the connection. Allocates nothing per element.
 */
final class EchoAgent implements IntSupplier {
    private final LibOS server;
    private final int listenQd;
    private final QResult[] results = new QResult[16];
    int accepted;
    int echoed;
    int closed;
    int failures;
    int lastError;

    EchoAgent(LibOS server, int listenQd) {
        this.server = server;
        this.listenQd = listenQd;
        for (int i = 0; i < results.length; i++) {
            results[i] = new QResult();
        }
        check(server.accept(listenQd));
    }

    @Override
    public int getAsInt() {
        int n = server.waitNext(results, 0);
        for (int i = 0; i < n; i++) {
            QResult r = results[i];
            switch (r.opcode()) {
                case ACCEPT -> {
                    accepted++;
                    check(server.pop(r.acceptedQd()));
                    check(server.accept(listenQd));
                }
                case POP -> {
                    if (r.sga().segmentCount() == 0) {
                        server.sgaFree(r.sga());
                        server.close(r.qd());
                        closed++;
                    } else {
                        check(server.push(r.qd(), r.sga()));
                        server.sgaFree(r.sga());
                        echoed++;
                        check(server.pop(r.qd()));
                    }
                }
                case PUSH -> {
                }
                case FAILED -> {
                    failures++;
                    lastError = r.ret();
                    if (r.failedOpcode() != Opcode.ACCEPT && r.ret() != Errno.ECANCELED && r.ret() != Errno.EBADF) {
                        try {
                            server.close(r.qd());
                            closed++;
                        } catch (RuntimeException alreadyClosed) {
                            // the queue was closed by an earlier failure
                        }
                    }
                }
                default -> throw new AssertionError("unexpected " + r);
            }
        }
        return n;
    }

    private static void check(long qt) {
        if (QTokens.isError(qt)) {
            throw new AssertionError("operation refused: " + QTokens.toString(qt));
        }
    }
}
