package org.margay.pdpix.kernel;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.margay.net.common.Ipv4Address;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.contract.BufferContract;
import org.margay.pdpix.contract.ControlPathContract;
import org.margay.pdpix.contract.DatagramContract;
import org.margay.pdpix.contract.LibOSUnderTest;
import org.margay.pdpix.contract.MisuseContract;
import org.margay.pdpix.contract.SocketOptionContract;
import org.margay.pdpix.contract.StreamContract;
import org.margay.pdpix.contract.WaitContract;

/** The PDPIX contract suite against the kernel library OS: one instance talking to itself over 127.0.0.1. */
class KernelContractTest {

    /** One kernel library OS with the defaults a configuration would give ({@code libos=kernel}). */
    static final class KernelUnderTest implements LibOSUnderTest {
        private final List<LibOS> opened = new ArrayList<>();
        private final LibOS one;

        KernelUnderTest() {
            this.one = open();
        }

        private LibOS open() {
            LibOS os = KernelLibOS.open(LibOSConfig.of(KernelLibOS.NAME, KernelConfig.BUFFERS, "320", KernelConfig.TRACK_LEAKS, "true"));
            opened.add(os);
            return os;
        }

        @Override
        public String name() {
            return "kernel";
        }

        @Override
        public LibOS server() {
            return one;
        }

        @Override
        public LibOS client() {
            return one;
        }

        @Override
        public int serverAddress() {
            return Ipv4Address.parse("127.0.0.1");
        }

        @Override
        public int clientAddress() {
            return Ipv4Address.parse("127.0.0.1");
        }

        @Override
        public LibOS openIndependent() {
            return open();
        }

        @Override
        public long patienceNanos() {
            return 10_000_000_000L;
        }

        @Override
        public long shortWaitNanos() {
            return 20_000_000L;
        }

        @Override
        public void close() {
            for (LibOS os : opened) {
                os.close();
                ((KernelLibOS) os).buffers().assertNoLeaks();
            }
        }
    }

    @Nested
    class ControlPath extends ControlPathContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return new KernelUnderTest();
        }
    }

    @Nested
    class Options extends SocketOptionContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return new KernelUnderTest();
        }
    }

    @Nested
    class Streams extends StreamContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return new KernelUnderTest();
        }
    }

    @Nested
    class Datagrams extends DatagramContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return new KernelUnderTest();
        }
    }

    @Nested
    class Waits extends WaitContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return new KernelUnderTest();
        }
    }

    @Nested
    class Misuse extends MisuseContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return new KernelUnderTest();
        }
    }

    @Nested
    class Buffers extends BufferContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return new KernelUnderTest();
        }
    }
}
