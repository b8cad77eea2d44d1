package org.margay.testsuite.pdpix;

import org.junit.jupiter.api.Nested;
import org.margay.pdpix.contract.BufferContract;
import org.margay.pdpix.contract.ControlPathContract;
import org.margay.pdpix.contract.DatagramContract;
import org.margay.pdpix.contract.LibOSUnderTest;
import org.margay.pdpix.contract.MisuseContract;
import org.margay.pdpix.contract.SocketOptionContract;
import org.margay.pdpix.contract.StreamContract;
import org.margay.pdpix.contract.WaitContract;

/** The PDPIX contract suite against the RDMA library OS on the in-process verbs device (two hosts on one fabric). */
class RdmaContractTest {
    static LibOSUnderTest open() {
        return new RdmaUnderTest();
    }

    @Nested
    class ControlPath extends ControlPathContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return open();
        }
    }

    @Nested
    class Options extends SocketOptionContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return open();
        }
    }

    @Nested
    class Streams extends StreamContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return open();
        }
    }

    @Nested
    class Datagrams extends DatagramContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return open();
        }
    }

    @Nested
    class Waits extends WaitContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return open();
        }
    }

    @Nested
    class Misuse extends MisuseContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return open();
        }
    }

    @Nested
    class Buffers extends BufferContract {
        @Override
        protected LibOSUnderTest openLibOS() {
            return open();
        }
    }
}
