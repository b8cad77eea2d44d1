package org.margay.examples;

import org.margay.net.common.Ipv4Address;
import org.margay.pdpix.InetEndpoint;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.LibOSes;
import org.margay.pdpix.inet.InetLibOSPair;

/**
 * The library OSes the examples' tests run on: Margay's stack as a pair on a virtual clock, and kernel sockets over
 * 127.0.0.1 (one instance for both ends). Each is a server instance, a client instance and the server's address.
 */
public record TestLibOSes(String name, LibOS server, LibOS client, int serverAddress, AutoCloseable closer)
        implements AutoCloseable {

    /** Two inet library OSes over an in-memory link, virtual clock. */
    public static TestLibOSes inet(long seed) {
        InetLibOSPair pair = InetLibOSPair.builder().seed(seed).elementBuffers(256, 64 * 1024).open();
        return new TestLibOSes("inet", pair.server(), pair.client(), InetLibOSPair.SERVER_ADDRESS, pair);
    }

    /** One kernel library OS, from configuration only. */
    public static TestLibOSes kernel() {
        LibOS los = LibOSes.open(LibOSConfig.of("kernel"));
        return new TestLibOSes("kernel", los, los, Ipv4Address.parse("127.0.0.1"), los);
    }

    /** Where a server of this pair binds: its address, port {@code port} (0 = any free one). */
    public InetEndpoint serverBind(int port) {
        return new InetEndpoint(serverAddress, port);
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing " + name, e);
        }
    }
}
