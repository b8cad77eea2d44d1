package org.margay.pdpix.inet;

import java.util.ArrayList;
import java.util.List;
import org.margay.pdpix.LibOS;
import org.margay.pdpix.LibOSConfig;
import org.margay.pdpix.spi.LibOSProvider;

/**
 * Opens a {@link LinkLibOS} from configuration ({@code libos=link}). The keys:
 * <table>
 *   <caption>link configuration keys</caption>
 *   <tr><th>key</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code link.devices}</td><td>devices separated by {@code ;} (or {@code ,} before the next
 *       {@code kind:}), link 0 first:
 *       {@code loopback:<name>:<a|b>[:<mtu>]} or any provider's {@code kind:argument}</td><td>required</td></tr>
 *   <tr><td>{@code link.device.<option>}</td><td>options given to every device provider</td><td>none</td></tr>
 *   <tr><td>{@code link.group}</td><td>name of the {@link LibOSGroup} to share a thread and clock with</td><td>private group</td></tr>
 *   <tr><td>{@code link.clock}</td><td>{@code system} or {@code virtual}</td><td>system</td></tr>
 *   <tr><td>{@code link.ring}</td><td>frames a RAW queue holds before dropping</td><td>1024</td></tr>
 *   <tr><td>{@code link.elements}, {@code link.element-size}</td><td>pool for sgaAlloc: buffers and bytes each</td><td>4096, 2048</td></tr>
 * </table>
 * plus the {@code pdpix.*} keys. Every bad value fails with a {@link org.margay.pdpix.PdpixException} (EINVAL)
 * naming its key.
 */
public final class LinkProvider implements LibOSProvider {
    /** The library OS's name in configurations. */
    public static final String NAME = "link";
    /** Entries are separated by ';', or by ',' before the next {@code kind:} (a DPDK argument has commas). */
    private static final String SEPARATOR = ";|,(?=\\s*[A-Za-z0-9_-]+:)";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "raw layer-2 queues over one or more devices, for appliances";
    }

    @Override
    public LibOS open(LibOSConfig config) {
        ConfigKeys keys = new ConfigKeys(config);
        String specs = keys.required("link.devices", "comma-separated devices, e.g. loopback:left:b,loopback:right:a");
        int ring = keys.intValue("link.ring", LinkLibOS.DEFAULT_RING, 1, 1 << 20);
        int elements = keys.intValue("link.elements", LinkLibOS.DEFAULT_ELEMENT_BUFFERS, 1, 1 << 20);
        int elementSize = keys.intValue("link.element-size", LinkLibOS.DEFAULT_ELEMENT_BUFFER_SIZE, 256, 1 << 24);
        LibOSGroup group = Groups.resolve(config, "link.");
        List<Loopbacks.Taken> taken = new ArrayList<>();
        try {
            LinkLibOS.Builder b = LinkLibOS.builder().group(group).config(config).ringCapacity(ring)
                    .elementBuffers(elements, elementSize);
            for (String spec : specs.split(SEPARATOR)) {
                if (spec.isBlank()) {
                    throw ConfigKeys.bad("link.devices", specs, "has an empty entry", null);
                }
                Loopbacks.Taken t = DeviceOpener.take("link.devices", spec.trim(), group.clock(), config, "link.device.");
                taken.add(t);
                b.device(t.device()).onClose(t.release());
            }
            return b.open();
        } catch (RuntimeException e) {
            for (Loopbacks.Taken t : taken) {
                t.release().run();
            }
            Groups.abandon(group);
            throw e;
        }
    }
}
