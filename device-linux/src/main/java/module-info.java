/**
 * Linux devices behind {@link org.margay.fastpath.device.NetworkDevice}, reached through the FFM API against
 * libc (no JNI, no jextract, no C code): a TAP interface, an AF_PACKET raw socket bound to one interface, an
 * AF_XDP socket (set up by libxdp, rings driven in Java), and a shared-memory ring pair that two processes map
 * from one file (the catmem role). Also a helper that runs set-up code inside a named network namespace.
 *
 * <p>This module knows no protocol and no stack: it moves whole Ethernet frames.
 */
module org.margay.device.linux {
    requires transitive org.margay.fastpath;
    requires org.margay.net.common;

    exports org.margay.device.linux;

    provides org.margay.fastpath.device.DeviceProvider with
            org.margay.device.linux.LinuxDeviceProviders.Tap,
            org.margay.device.linux.LinuxDeviceProviders.AfPacket,
            org.margay.device.linux.LinuxDeviceProviders.AfXdp,
            org.margay.device.linux.LinuxDeviceProviders.Shm;
}
