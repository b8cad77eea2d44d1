package org.margay.pdpix;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.margay.pdpix.spi.LibOSProvider;

/**
 * Opens the library OS a configuration names, from the providers on the module or class path, so that which
 * library OS an application gets is a configuration choice, not a code change.
 */
public final class LibOSes {
    private LibOSes() {
    }

    /**
     * Opens the library OS named by {@link LibOSConfig#LIBOS} in {@code config}.
     *
     * @throws PdpixException {@link Errno#ENOSYS} naming the known library OSes when none has that name
     */
    public static LibOS open(LibOSConfig config) {
        String name = config.libos(null);
        if (name == null) {
            throw new PdpixException(Errno.EINVAL, "no library OS chosen: set '" + LibOSConfig.LIBOS + "' (known: " + names() + ")");
        }
        for (LibOSProvider provider : providers()) {
            if (provider.name().equals(name)) {
                return provider.open(config);
            }
        }
        throw new PdpixException(Errno.ENOSYS, "no library OS named '" + name + "' on the module path (known: " + names() + ")");
    }

    /** The names of every library OS available. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (LibOSProvider p : providers()) {
            out.add(p.name());
        }
        return out;
    }

    /** Every provider available. */
    public static List<LibOSProvider> providers() {
        List<LibOSProvider> out = new ArrayList<>();
        ServiceLoader.load(LibOSProvider.class, LibOSes.class.getClassLoader()).forEach(out::add);
        if (out.isEmpty()) {
            ServiceLoader.load(LibOSProvider.class).forEach(out::add);
        }
        return out;
    }
}
