package org.margay.apps;

import java.util.Objects;
import org.margay.pdpix.Domain;
import org.margay.pdpix.ElementComparator;
import org.margay.pdpix.ElementMapper;
import org.margay.pdpix.ElementPredicate;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.QResult;
import org.margay.pdpix.Sga;
import org.margay.pdpix.SocketOption;
import org.margay.pdpix.SocketType;

/**
 * A {@link LibOS} that passes every call to another one: the base of decorators that watch or adjust what an
 * application does ({@link CountingLibOS}, {@link RawStreamLibOS}) without the application knowing. A subclass
 * overrides only the calls it cares about.
 *
 * <p>Invariant: qtokens, descriptors and elements are the delegate's own, so the application's view is exactly the
 * delegate's. Single-threaded, as the delegate; adds no allocation.
 *
 * <p>{@link #unwrap()} answers the delegate's library OS, so an {@link org.margay.examples.AppRunner} treats every
 * view of one library OS as that library OS: applications may open their queues through different views (echo
 * through {@link RawStreamLibOS}, http through the plain one) and still get their own completions. Two runners over
 * one library OS still each collect the other's completions: run every application of a library OS in one runner.
 */
public abstract class ForwardingLibOS implements LibOS {
    private final LibOS delegate;

    /** Forwards to {@code delegate}. */
    protected ForwardingLibOS(LibOS delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The library OS every call goes to. */
    public final LibOS delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    /** The delegate's own library OS: this view shares its queue descriptors and qtokens. */
    @Override
    public LibOS unwrap() {
        return delegate.unwrap();
    }

    @Override
    public int socket(Domain domain, SocketType type) {
        return delegate.socket(domain, type);
    }

    @Override
    public void bind(int qd, InetEndpoint local) {
        delegate.bind(qd, local);
    }

    @Override
    public void listen(int qd, int backlog) {
        delegate.listen(qd, backlog);
    }

    @Override
    public long accept(int qd) {
        return delegate.accept(qd);
    }

    @Override
    public long connect(int qd, InetEndpoint remote) {
        return delegate.connect(qd, remote);
    }

    @Override
    public void close(int qd) {
        delegate.close(qd);
    }

    @Override
    public long asyncClose(int qd) {
        return delegate.asyncClose(qd);
    }

    @Override
    public InetEndpoint getsockname(int qd) {
        return delegate.getsockname(qd);
    }

    @Override
    public InetEndpoint getpeername(int qd) {
        return delegate.getpeername(qd);
    }

    @Override
    public <T> void setsockopt(int qd, SocketOption<T> option, T value) {
        delegate.setsockopt(qd, option, value);
    }

    @Override
    public <T> T getsockopt(int qd, SocketOption<T> option) {
        return delegate.getsockopt(qd, option);
    }

    @Override
    public long push(int qd, Sga sga) {
        return delegate.push(qd, sga);
    }

    @Override
    public long pushTo(int qd, Sga sga, InetEndpoint remote) {
        return delegate.pushTo(qd, sga, remote);
    }

    @Override
    public long pop(int qd) {
        return delegate.pop(qd);
    }

    @Override
    public int wait(long qt, QResult result, long timeoutNanos) {
        return delegate.wait(qt, result, timeoutNanos);
    }

    @Override
    public int waitAny(long[] qts, int count, QResult result, long timeoutNanos) {
        return delegate.waitAny(qts, count, result, timeoutNanos);
    }

    @Override
    public int waitAll(long[] qts, int count, QResult[] results, long timeoutNanos) {
        return delegate.waitAll(qts, count, results, timeoutNanos);
    }

    @Override
    public int waitNext(QResult[] results, long timeoutNanos) {
        return delegate.waitNext(results, timeoutNanos);
    }

    @Override
    public int blockingPush(int qd, Sga sga, long timeoutNanos) {
        return delegate.blockingPush(qd, sga, timeoutNanos);
    }

    @Override
    public int blockingPop(int qd, QResult result, long timeoutNanos) {
        return delegate.blockingPop(qd, result, timeoutNanos);
    }

    @Override
    public int queue() {
        return delegate.queue();
    }

    @Override
    public int merge(int qd1, int qd2) {
        return delegate.merge(qd1, qd2);
    }

    @Override
    public int filter(int qd, ElementPredicate predicate) {
        return delegate.filter(qd, predicate);
    }

    @Override
    public int sort(int qd, ElementComparator comparator) {
        return delegate.sort(qd, comparator);
    }

    @Override
    public int map(int qd, ElementMapper mapper) {
        return delegate.map(qd, mapper);
    }

    @Override
    public long qconnect(int in, int out) {
        return delegate.qconnect(in, out);
    }

    @Override
    public Sga sgaAlloc(int size) {
        return delegate.sgaAlloc(size);
    }

    @Override
    public int sgaFree(Sga sga) {
        return delegate.sgaFree(sga);
    }

    @Override
    public long maxElement() {
        return delegate.maxElement();
    }

    @Override
    public int poll() {
        return delegate.poll();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
