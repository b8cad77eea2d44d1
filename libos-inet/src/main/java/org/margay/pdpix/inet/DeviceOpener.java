package org.margay.pdpix.inet;

import java.util.LinkedHashMap;
import java.util.Map;
import org.margay.fastpath.device.DeviceSpec;
import org.margay.fastpath.device.Devices;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.time.Clock;
import org.margay.pdpix.Errno;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.PdpixException;

/**
 * Opens the devices a configuration names: {@code loopback:<name>:<a|b>[:<mtu>]} is this module's in-process link
 * ({@link Loopbacks}, on the library OS's own clock); every other {@code kind:argument} goes to the device
 * providers on the module path ({@link Devices#open}: {@code dpdk:}, {@code pcap:}, {@code tap:}, ...), with the
 * {@code <prefix>device.<option>} keys as the device's options. The library OS owns what it opened and closes it.
 * Cold path.
 */
final class DeviceOpener {
    private DeviceOpener() {
    }

    /** Opens {@code spec} (the value of {@code key}); {@code optionPrefix} selects the device options. */
    static Loopbacks.Taken take(String key, String spec, Clock clock, LibOSConfig config, String optionPrefix) {
        if (Loopbacks.matches(spec)) {
            return Loopbacks.take(key, spec, clock);
        }
        DeviceSpec parsed;
        try {
            parsed = DeviceSpec.parse(spec);
        } catch (IllegalArgumentException e) {
            throw ConfigKeys.bad(key, spec, "is not a device: " + e.getMessage() + " (or loopback:<name>:<a|b>)", e);
        }
        NetworkDevice device;
        try {
            device = Devices.open(parsed, options(config, optionPrefix));
        } catch (IllegalArgumentException e) {
            throw ConfigKeys.bad(key, spec, "cannot be opened: " + e.getMessage() + " (or loopback:<name>:<a|b>)", e);
        } catch (IllegalStateException e) {
            throw new PdpixException(Errno.EIO, "configuration " + key + "=" + spec + ": " + e.getMessage(), e);
        }
        return new Loopbacks.Taken(device, device::close);
    }

    /** The {@code prefix*} keys with the prefix stripped. */
    static Map<String, String> options(LibOSConfig config, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : config.asMap().entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().length() > prefix.length()) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return out;
    }
}
