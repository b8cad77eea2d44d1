package org.margay.device.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.margay.fastpath.device.DeviceProvider;
import org.margay.fastpath.device.NetworkDevice;
import org.margay.fastpath.time.SystemClock;

/**
 * The {@code pcap:} device kind: {@code pcap:IN} replays a capture as fast as the stack polls on the system
 * clock. Options: {@code out=FILE.pcapng} records what the stack sends, {@code pacing=capture} keeps the
 * capture's timing in real time, {@code mac=aa:bb:cc:dd:ee:ff} and {@code mtu=N} set what the device reports.
 * ({@code margay replay} builds the device itself, on a virtual clock.)
 */
public final class PcapDeviceProvider implements DeviceProvider {
    @Override
    public String kind() {
        return "pcap";
    }

    @Override
    public String description() {
        return "a capture file: pcap:IN.pcap[ng] (options out=FILE.pcapng, pacing=fast|capture, mac=, mtu=)";
    }

    @Override
    public NetworkDevice open(String argument, Map<String, String> options) {
        PcapReplayDevice.Builder b = PcapReplayDevice.builder(Path.of(argument)).clock(SystemClock.INSTANCE).name("pcap:" + argument);
        String out = options.get("out");
        if (out != null) {
            b.output(Path.of(out));
        }
        String pacing = options.getOrDefault("pacing", "fast");
        b.pacing(switch (pacing) {
            case "fast" -> Pacing.AS_FAST_AS_POSSIBLE;
            case "capture" -> Pacing.CAPTURE_TIME;
            default -> throw new IllegalArgumentException("pacing must be fast or capture, got " + pacing);
        });
        String mac = options.get("mac");
        if (mac != null) {
            b.mac(org.margay.net.common.MacAddress.parse(mac));
        }
        String mtu = options.get("mtu");
        if (mtu != null) {
            b.mtu(Integer.parseInt(mtu));
        }
        try {
            return b.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open capture " + argument + ": " + e.getMessage(), e);
        }
    }
}
