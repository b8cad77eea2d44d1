package org.margay.fastpath.device;

import java.util.Map;

/**
 * Opens one kind of {@link NetworkDevice} from a {@link DeviceSpec}, found with {@link java.util.ServiceLoader}
 * ({@code provides} in the device module's module-info and a {@code META-INF/services} entry for the class
 * path). {@link Devices#open} picks the provider whose {@link #kind()} the spec names, so a stack, a libOS or
 * the command line opens any device without knowing its type.
 */
public interface DeviceProvider {
    /** The kind this provider opens ({@code "tap"}, {@code "dpdk"}, ...). */
    String kind();

    /** One line saying what the kind is and what its argument means, for help texts. */
    String description();

    /**
     * Why this kind cannot be opened on this machine (no root, library missing), or null when it can be tried.
     */
    default String unavailableReason() {
        return null;
    }

    /**
     * Opens the device.
     *
     * @param argument the part of the spec after {@code kind:}
     * @param options  extra settings ({@code mac}, {@code mtu}, provider-specific keys), possibly empty
     * @throws IllegalArgumentException for a malformed argument or option
     * @throws IllegalStateException    when the device cannot be opened (with the system's reason)
     */
    NetworkDevice open(String argument, Map<String, String> options);
}
