package org.margay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code serve}, {@code connect} and {@code replay} refuse bad arguments with one clear line and exit code 2. */
class ServeArgumentsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "serve --app nope --libos kernel|margay serve: --app: no app named 'nope': expected one of echo, discard, http:DIR, kv, iperf3",
        "serve --app http:/no/such/dir --libos kernel|margay serve: --app: http: no such directory: /no/such/dir",
        "serve --app echo|margay serve: --device DEV is required (tap:IFNAME, dpdk:VDEV_ARGS, afpacket:IFNAME, afxdp:IFNAME, shm:PATH), or use --libos kernel",
        "serve --app echo --device tap|margay serve: --device: a device is written KIND:ARGUMENT",
        "serve --app echo --device warp:drive --ip 10.0.0.2/24|margay serve: --device: no device kind 'warp' (known: ",
        "serve --app echo --device tap:x|margay serve: --ip ADDR/PREFIX is required with --device, such as --ip 10.0.0.2/24",
        "serve --app echo --device tap:x --ip 10.0.0.2|margay serve: --ip must be ADDR/PREFIX such as 10.0.0.2/24, got '10.0.0.2' (no prefix length)",
        "serve --app echo --device tap:x --ip 10.0.0.300/24|margay serve: --ip: not an IPv4 address (octet 300 > 255): '10.0.0.300'",
        "serve --app echo --device tap:x --ip 10.0.0.2/33|margay serve: --ip prefix length must be 1..32, got 33",
        "serve --app echo --device tap:x --ip 10.0.0.2/24 --gw 10.0.0|margay serve: --gw: not an IPv4 address (need four dotted octets): '10.0.0'",
        "serve --app echo --device tap:x --ip 10.0.0.2/24 --mac 02:00:00|margay serve: --mac: not a MAC address (need six octets): '02:00:00'",
        "serve --app echo --libos kernel --device tap:x|margay serve: --device, --ip, --gw, --mac and --netns are for --libos inet",
        "serve --app echo --libos catnip|margay serve: --libos must be inet or kernel, got 'catnip'",
        "serve --app echo --libos kernel --port 70000|margay serve: --port must be 1..65535, got 70000",
        "connect --libos kernel --to 127.0.0.1 --send-bytes 1|margay connect: --to must be ADDR:PORT such as 10.0.0.1:5000: expected a.b.c.d:port, got '127.0.0.1'",
        "connect --libos kernel --to 127.0.0.1:1 --send-bytes 0|margay connect: the byte count must be positive",
        "replay /no/such.pcap --app echo --out /tmp/x.pcapng|margay replay: cannot read the capture /no/such.pcap",
    })
    void badArgumentsAreOneClearLineAndExitCodeTwo(String args, String message) {
        CliRun r = CliRun.of(args.split(" "));
        assertEquals(2, r.exit(), r.allErr());
        assertTrue(r.allErr().startsWith(message), r.allErr());
        assertEquals(1, r.err().size(), "one line: " + r.allErr());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "serve --libos kernel|Missing required option: '--app=APP'",
        "connect --libos kernel --to 127.0.0.1:9|Missing required argument",
        "connect --libos kernel --to 127.0.0.1:9 --send-bytes 1 --recv-bytes 1|mutually exclusive",
        "replay --app echo|Missing required",
    })
    void picocliRefusesMissingOrConflictingOptions(String args, String message) {
        CliRun r = CliRun.of(args.split(" "));
        assertEquals(2, r.exit());
        assertTrue(r.allErr().contains(message), r.allErr());
    }
}
