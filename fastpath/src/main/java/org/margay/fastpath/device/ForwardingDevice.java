package org.margay.fastpath.device;

import java.util.Objects;
import org.margay.fastpath.buffer.BufferPool;

/**
 * A device that passes every call to another one: the base of decorators (impairment, offload emulation,
 * recording) that change only a few calls. Subclasses override what they change and inherit the rest.
 *
 * <p>Invariant: {@link #inner()} never changes; closing this device closes it unless a subclass says otherwise.
 */
public abstract class ForwardingDevice implements NetworkDevice {
    /** The device every call not overridden goes to. */
    protected final NetworkDevice inner;

    protected ForwardingDevice(NetworkDevice inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    /** The decorated device. */
    public NetworkDevice inner() {
        return inner;
    }

    @Override
    public int receive(PacketBurst into) {
        return inner.receive(into);
    }

    @Override
    public int transmit(PacketBurst from) {
        return inner.transmit(from);
    }

    @Override
    public BufferPool pool() {
        return inner.pool();
    }

    @Override
    public long macAddress() {
        return inner.macAddress();
    }

    @Override
    public int mtu() {
        return inner.mtu();
    }

    @Override
    public DeviceCapabilities capabilities() {
        return inner.capabilities();
    }

    @Override
    public LinkStatistics statistics() {
        return inner.statistics();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void close() {
        inner.close();
    }
}
