package org.margay.fastpath.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** Opens devices by {@link DeviceSpec} through the {@link DeviceProvider}s on the module or class path. */
public final class Devices {
    private Devices() {
    }

    /** Opens {@code spec} ({@code kind:argument}) with no extra options. */
    public static NetworkDevice open(String spec) {
        return open(DeviceSpec.parse(spec), Map.of());
    }

    /**
     * Opens {@code spec} with {@code options}.
     *
     * @throws IllegalArgumentException when no provider offers the kind (the message lists the known kinds)
     * @throws IllegalStateException    when the provider says the kind is unavailable here, with its reason
     */
    public static NetworkDevice open(DeviceSpec spec, Map<String, String> options) {
        for (DeviceProvider p : providers()) {
            if (p.kind().equals(spec.kind())) {
                String reason = p.unavailableReason();
                if (reason != null) {
                    throw new IllegalStateException("cannot open " + spec + ": " + reason);
                }
                return p.open(spec.argument(), options);
            }
        }
        throw new IllegalArgumentException("no device kind '" + spec.kind() + "' (known: " + kinds() + ")");
    }

    /** The kinds available. */
    public static List<String> kinds() {
        List<String> out = new ArrayList<>();
        for (DeviceProvider p : providers()) {
            out.add(p.kind());
        }
        return out;
    }

    /** Every provider available. */
    public static List<DeviceProvider> providers() {
        List<DeviceProvider> out = new ArrayList<>();
        ServiceLoader.load(DeviceProvider.class, Devices.class.getClassLoader()).forEach(out::add);
        if (out.isEmpty()) {
            ServiceLoader.load(DeviceProvider.class).forEach(out::add);
        }
        return out;
    }
}
