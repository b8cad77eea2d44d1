package org.margay.pdpix.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import org.junit.jupiter.api.Test;
import org.margay.pdpix.Errno;

/** The errno mapper, on hand-made exceptions (every branch) and on what the JDK really throws. */
class NioErrnoTest {

    private static void maps(int errno, Throwable t) {
        assertEquals(Errno.name(errno), Errno.name(NioErrno.of(t)), () -> t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    @Test
    void connectErrors() {
        maps(Errno.ECONNREFUSED, new ConnectException("Connection refused"));
        maps(Errno.ETIMEDOUT, new ConnectException("Connection timed out"));
        maps(Errno.EHOSTUNREACH, new NoRouteToHostException("No route to host"));
        maps(Errno.ENETUNREACH, new SocketException("Network is unreachable"));
        maps(Errno.ENETDOWN, new SocketException("Network is down"));
        maps(Errno.EHOSTDOWN, new SocketException("Host is down"));
        maps(Errno.ECONNREFUSED, new ConnectException("Verbindungsaufbau abgelehnt"));   // a translated strerror: by class
        maps(Errno.EALREADY, new ConnectionPendingException());
        maps(Errno.EISCONN, new AlreadyConnectedException());
        maps(Errno.ETIMEDOUT, new SocketTimeoutException("Read timed out"));
    }

    @Test
    void dataPathErrors() {
        maps(Errno.ECONNRESET, new SocketException("Connection reset"));
        maps(Errno.ECONNRESET, new IOException("Connection reset by peer"));
        maps(Errno.EPIPE, new IOException("Broken pipe"));
        maps(Errno.ECONNREFUSED, new PortUnreachableException());
        maps(Errno.EMSGSIZE, new SocketException("Message too long"));
        maps(Errno.ENOBUFS, new IOException("No buffer space available"));
        maps(Errno.ECONNABORTED, new IOException("Software caused connection abort"));
        maps(Errno.ENOTCONN, new NotYetConnectedException());
        maps(Errno.ENOTCONN, new SocketException("Transport endpoint is not connected"));
        maps(Errno.EBADF, new ClosedChannelException());
        maps(Errno.EBADF, new AsynchronousCloseException());
        maps(Errno.EINTR, new IOException("Interrupted system call"));
    }

    @Test
    void bindAndSetupErrors() {
        maps(Errno.EADDRINUSE, new BindException("Address already in use"));
        maps(Errno.EADDRNOTAVAIL, new BindException("Cannot assign requested address"));
        maps(Errno.EACCES, new BindException("Permission denied"));
        maps(Errno.EPERM, new SocketException("Operation not permitted"));
        maps(Errno.EADDRINUSE, new BindException("?"));
        maps(Errno.EINVAL, new AlreadyBoundException());
        maps(Errno.EINVAL, new IllegalArgumentException("Invalid send buffer size"));
        maps(Errno.EAFNOSUPPORT, new UnsupportedAddressTypeException());
        maps(Errno.EAFNOSUPPORT, new SocketException("Address family not supported by protocol"));
        maps(Errno.EMFILE, new IOException("Too many open files"));
        maps(Errno.ENFILE, new IOException("Too many open files in system"));
        maps(Errno.EDESTADDRREQ, new SocketException("Destination address required"));
        maps(Errno.ENOPROTOOPT, new UnsupportedOperationException("'TCP_MAXSEG' not supported"));
        maps(Errno.ENOPROTOOPT, new SocketException("Protocol not available"));
        maps(Errno.EINVAL, new SocketException("Invalid argument"));
        maps(Errno.EISCONN, new SocketException("Transport endpoint is already connected"));
        maps(Errno.EALREADY, new SocketException("Operation already in progress"));
    }

    @Test
    void unknownErrorsAreEioOrTheirCause() {
        maps(Errno.EIO, new IOException("something else"));
        maps(Errno.EIO, new IOException());
        maps(Errno.EIO, null);
        maps(Errno.EPIPE, new IOException("wrapped", new IOException("Broken pipe")));
    }

    @Test
    void realRefusedConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.INET)) {
            IOException e = assertThrows(IOException.class, () -> c.connect(new InetSocketAddress("127.0.0.1", port)));
            maps(Errno.ECONNREFUSED, e);
        }
    }

    @Test
    void realBindConflict() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             SocketChannel c = SocketChannel.open(StandardProtocolFamily.INET)) {
            IOException e = assertThrows(IOException.class, () -> c.bind(s.getLocalSocketAddress()));
            maps(Errno.EADDRINUSE, e);
        }
    }
}
