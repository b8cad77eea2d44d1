package org.margay.packetdrill.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.margay.net.tcp.engine.TcpConfig;
import org.margay.packetdrill.Profile;

class KnobsTest {
    @Test
    void mappedKnobsChangeTheConfiguration() {
        TcpConfig.Builder b = Profile.LINUX.baseTcp();
        assertNull(Knobs.apply(Profile.LINUX, "net.ipv4.tcp_timestamps", "0", b));
        assertNull(Knobs.apply(Profile.LINUX, "net.ipv4.tcp_rmem", "4096 87380 6291456", b));
        assertNull(Knobs.apply(Profile.LINUX, "net.ipv4.tcp_congestion_control", "reno", b));
        assertNull(Knobs.apply(Profile.LINUX, "net.ipv4.tcp_rto_max_ms", "1000", b));
        TcpConfig c = b.build();
        assertFalse(c.timestamps());
        assertEquals(6291456, c.receiveBufferSize());
        assertEquals("newreno", c.congestionControl());
        assertEquals(1_000_000_000L, c.maxRtoNanos());
        TcpConfig.Builder f = Profile.FREEBSD.baseTcp();
        assertNull(Knobs.apply(Profile.FREEBSD, "net.inet.tcp.recvspace", "65536", f));
        assertNull(Knobs.apply(Profile.FREEBSD, "net.inet.tcp.rfc1323", "0", f));
        assertFalse(f.build().windowScaling());
    }

    @Test
    void unmappedKnobsOnlyAtTheirDefault() {
        TcpConfig.Builder b = Profile.LINUX.baseTcp();
        assertNull(Knobs.apply(Profile.LINUX, "net.ipv4.tcp_fastopen", "0x70403", b));
        assertNull(Knobs.apply(Profile.LINUX, "net.ipv4.tcp_tso_win_divisor", "100", b));
        assertEquals("sysctl net.ipv4.tcp_slow_start_after_idle=1 has no matching knob in Margay (only the linux"
                + " default 0 is modelled)", Knobs.apply(Profile.LINUX, "net.ipv4.tcp_slow_start_after_idle", "1", b));
        assertEquals("sysctl net.ipv4.tcp_nonsense=1 has no matching knob in Margay's linux profile",
                Knobs.apply(Profile.LINUX, "net.ipv4.tcp_nonsense", "1", b));
        assertEquals("sysctl net.inet.tcp.sack.enable=1 has no matching knob in Margay's linux profile",
                Knobs.apply(Profile.LINUX, "net.inet.tcp.sack.enable", "1", b));
        assertEquals("sysctl net.ipv4.tcp_sack=yes: value must be 0 or 1",
                Knobs.apply(Profile.LINUX, "net.ipv4.tcp_sack", "yes", b));
    }

    @Test
    void shellCommandsAreRecognised() {
        List<ShellCommand.Action> a = ShellCommand.parse("../common/defaults.sh\n"
                + "sysctl -q net.ipv4.tcp_tso_win_divisor=100 net.ipv4.tcp_sack=\"1\"\n"
                + "../common/set_sysctls.py /proc/sys/net/ipv4/tcp_slow_start_after_idle=1 \\\n"
                + "   /proc/sys/net/ipv4/tcp_min_tso_segs=10\n"
                + "/tmp/sysctl_restore_${PPID}.sh; ip tcp_metrics flush all > /dev/null 2>&1\n"
                + "sockstat -4 | grep x");
        assertEquals(List.of(new ShellCommand.Defaults("../common/defaults.sh"),
                new ShellCommand.Sysctl("net.ipv4.tcp_tso_win_divisor", "100"),
                new ShellCommand.Sysctl("net.ipv4.tcp_sack", "1"),
                new ShellCommand.Sysctl("net.ipv4.tcp_slow_start_after_idle", "1"),
                new ShellCommand.Sysctl("net.ipv4.tcp_min_tso_segs", "10"),
                new ShellCommand.NoOp("sysctl restore after the test"),
                new ShellCommand.NoOp("Margay keeps no TCP metrics cache"),
                new ShellCommand.Unknown("sockstat -4 | grep x")), a);
    }

    @Test
    void profilesDetectAndSizeBuffers() {
        assertEquals(Profile.FREEBSD, Profile.detect("`sysctl -w net.inet.tcp.sack.enable=1`"));
        assertEquals(Profile.LINUX, Profile.detect("`../common/defaults.sh`"));
        assertEquals(40000, Profile.LINUX.socketBuffer(20000));
        assertEquals(20000, Profile.FREEBSD.socketBuffer(20000));
        assertEquals(8, Profile.LINUX.baseTcp().build().receiveWindowShift());
        assertTrue(Profile.LINUX.baseTcp().build().rack());
        assertEquals(Profile.FREEBSD, Profile.forName("FreeBSD"));
    }
}
