package org.margay.device.pcap;

/** When a {@link PcapReplayDevice} hands its frames to the stack. */
public enum Pacing {
    /** Every frame as soon as the stack polls: for tests and throughput. */
    AS_FAST_AS_POSSIBLE,
    /**
     * At the capture's own pace: a frame is released when the device's clock has advanced, since the first
     * receive, by as much as the capture's timestamps have since its first frame. On a virtual clock a driver
     * jumps to {@link PcapReplayDevice#nextReleaseNanos()}, so a capture of an hour replays in milliseconds
     * with its timing intact; on the system clock it is real time ({@code --realtime}).
     */
    CAPTURE_TIME
}
