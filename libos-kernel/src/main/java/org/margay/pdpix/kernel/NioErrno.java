package org.margay.pdpix.kernel;

import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Locale;
import org.margay.pdpix.Errno;

/**
 * Turns what JDK NIO throws back into the {@link Errno} the kernel reported. NIO loses the errno: it throws a
 * class for a few of them ({@link PortUnreachableException} for {@code ECONNREFUSED} on UDP,
 * {@link NoRouteToHostException} for {@code EHOSTUNREACH}, ...) and otherwise an {@code IOException} whose
 * message is the C library's {@code strerror} text ("Connection refused", "Broken pipe"). So the mapping is:
 * unambiguous exception classes first, then the message, then the class's usual meaning, then {@link Errno#EIO}.
 *
 * <p>Messages are matched in English, as glibc prints them in the C locale the JVM runs in by default; a JVM
 * whose C library translates {@code strerror} gets {@code EIO} for the unmatched cases, never a wrong code
 * for a matched class. Cold path (errors only).
 */
public final class NioErrno {
    private NioErrno() {
    }

    /** The errno {@code error} stands for; {@link Errno#EIO} when nothing identifies it. */
    public static int of(Throwable error) {
        if (error == null) {
            return Errno.EIO;
        }
        int byClass = byClass(error);
        if (byClass != 0) {
            return byClass;
        }
        int byMessage = byMessage(error.getMessage());
        if (byMessage != 0) {
            return byMessage;
        }
        if (error instanceof BindException) {
            return Errno.EADDRINUSE;
        }
        if (error instanceof ConnectException) {
            return Errno.ECONNREFUSED;
        }
        if (error.getCause() != null && error.getCause() != error) {
            return of(error.getCause());
        }
        return Errno.EIO;
    }

    private static int byClass(Throwable e) {
        if (e instanceof PortUnreachableException) {
            return Errno.ECONNREFUSED;      // ICMP port unreachable on a connected UDP socket
        }
        if (e instanceof NoRouteToHostException) {
            return Errno.EHOSTUNREACH;
        }
        if (e instanceof SocketTimeoutException) {
            return Errno.ETIMEDOUT;
        }
        if (e instanceof ClosedChannelException) {
            return Errno.EBADF;             // includes AsynchronousCloseException
        }
        if (e instanceof AlreadyConnectedException) {
            return Errno.EISCONN;
        }
        if (e instanceof ConnectionPendingException) {
            return Errno.EALREADY;
        }
        if (e instanceof NotYetConnectedException) {
            return Errno.ENOTCONN;
        }
        if (e instanceof UnsupportedAddressTypeException) {
            return Errno.EAFNOSUPPORT;      // before IllegalArgumentException, its superclass
        }
        if (e instanceof AlreadyBoundException || e instanceof NotYetBoundException
                || e instanceof NoConnectionPendingException || e instanceof UnresolvedAddressException
                || e instanceof IllegalArgumentException) {
            return Errno.EINVAL;
        }
        if (e instanceof UnsupportedOperationException) {
            return Errno.ENOPROTOOPT;       // setOption of an option the channel does not have
        }
        return 0;
    }

    /** The errno of a {@code strerror} text, or 0. */
    static int byMessage(String message) {
        if (message == null) {
            return 0;
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("connection refused")) {
            return Errno.ECONNREFUSED;
        }
        if (m.contains("connection reset")) {
            return Errno.ECONNRESET;        // "Connection reset" (read) and "Connection reset by peer" (write)
        }
        if (m.contains("broken pipe")) {
            return Errno.EPIPE;
        }
        if (m.contains("timed out")) {
            return Errno.ETIMEDOUT;         // "Connection timed out"
        }
        if (m.contains("no route to host")) {
            return Errno.EHOSTUNREACH;
        }
        if (m.contains("network is unreachable")) {
            return Errno.ENETUNREACH;
        }
        if (m.contains("network is down")) {
            return Errno.ENETDOWN;
        }
        if (m.contains("host is down")) {
            return Errno.EHOSTDOWN;
        }
        if (m.contains("address already in use")) {
            return Errno.EADDRINUSE;
        }
        if (m.contains("cannot assign requested address")) {
            return Errno.EADDRNOTAVAIL;
        }
        if (m.contains("address family not supported")) {
            return Errno.EAFNOSUPPORT;
        }
        if (m.contains("permission denied")) {
            return Errno.EACCES;            // a privileged port without the right
        }
        if (m.contains("operation not permitted")) {
            return Errno.EPERM;
        }
        if (m.contains("message too long")) {
            return Errno.EMSGSIZE;
        }
        if (m.contains("no buffer space")) {
            return Errno.ENOBUFS;
        }
        if (m.contains("too many open files in system")) {
            return Errno.ENFILE;
        }
        if (m.contains("too many open files")) {
            return Errno.EMFILE;
        }
        if (m.contains("destination address required")) {
            return Errno.EDESTADDRREQ;
        }
        if (m.contains("protocol not available")) {
            return Errno.ENOPROTOOPT;
        }
        if (m.contains("software caused connection abort")) {
            return Errno.ECONNABORTED;
        }
        if (m.contains("transport endpoint is not connected")) {
            return Errno.ENOTCONN;
        }
        if (m.contains("transport endpoint is already connected")) {
            return Errno.EISCONN;
        }
        if (m.contains("operation already in progress")) {
            return Errno.EALREADY;
        }
        if (m.contains("interrupted system call")) {
            return Errno.EINTR;
        }
        if (m.contains("invalid argument")) {
            return Errno.EINVAL;
        }
        return 0;
    }
}
