package org.margay.pdpix.ops;

import org.margay.pdpix.ElementMapper;
import org.margay.pdpix.Errno;
import org.margay.pdpix.Sga;
import org.margay.pdpix.spi.AbstractLibOS;
import org.margay.pdpix.spi.IoQueue;

/**
 * {@code map(qd, mapper)} (HotOS '19 §4.3): the mapper transforms every element, after it is popped from the
 * input and before it is pushed to it. The mapper always gets an element nobody else shares (a private copy when
 * the buffers are shared, as a pushed element's are with the application until it frees them), so changing it in
 * place never changes what another holder sees. A mapper that returns null or an empty element drops it (counted
 * as {@code elementsMappedOut}); one that throws drops it too (counted as a callback failure; a push then fails
 * with {@link Errno#EINVAL}). When a private copy cannot be made for lack of memory the element is dropped on pop
 * (counted as an operator drop) and the push fails with {@link Errno#ENOMEM}.
 */
public final class MapQueue extends OperatorQueue {
    private final ElementMapper mapper;

    /** A map of {@code input} through {@code mapper}. */
    public MapQueue(AbstractLibOS libos, IoQueue input, ElementMapper mapper) {
        super(libos, input);
        this.mapper = mapper;
    }

    @Override
    protected Sga onPopped(Sga element) {
        return transform(element);
    }

    @Override
    protected Sga onPushed(Sga element) {
        return transform(element);
    }

    private Sga transform(Sga element) {
        Sga own = Elements.exclusive(element, libos.sgaPool());
        if (own == null) {
            libos.statistics().recordOperatorDrop();
            pushError = Errno.ENOMEM;
            return null;
        }
        int ip = own.addressIp();
        int port = own.addressPort();
        Sga result;
        try {
            result = mapper.map(own);
        } catch (RuntimeException e) {
            libos.statistics().recordCallbackFailure();
            Elements.free(own);
            pushError = Errno.EINVAL;
            return null;
        }
        if (result != own) {
            Elements.free(own);
        }
        if (result == null || !result.isLive() || result.totalLength() == 0) {
            libos.statistics().recordMappedOut();
            Elements.free(result);
            return null;
        }
        if (result != own && result.addressIp() == 0 && result.addressPort() == 0) {
            result.address(ip, port);
        }
        return result;
    }

    @Override
    protected String name() {
        return "map";
    }
}
