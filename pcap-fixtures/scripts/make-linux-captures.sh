#!/usr/bin/env bash
# Makes the project's own reference capture: two Linux network namespaces joined by a veth pair exchange
# ARP, ICMP echo, a UDP datagram, a UDP datagram to a closed port (ICMP port unreachable) and a short TCP connection (handshake with Linux's SYN options, data both
# ways, FIN close), captured by tcpdump on one end as pcapng.
#
# Usage (root): pcap-fixtures/scripts/make-linux-captures.sh [OUT.pcapng]
# It creates namespaces named margay-cap-a / margay-cap-b and always removes them, touching nothing else.
set -euo pipefail
out="${1:-$(dirname "$0")/../src/main/resources/org/margay/pcap/captures/linux-veth-session.pcapng}"
a=margay-cap-a b=margay-cap-b
cleanup() {
  ip netns del "$a" 2>/dev/null || true
  ip netns del "$b" 2>/dev/null || true
}
trap cleanup EXIT
cleanup
for tool in ip tcpdump editcap ping socat ethtool; do
  command -v "$tool" >/dev/null || { echo "needs $tool (Debian: iproute2 tcpdump wireshark-common iputils-ping socat ethtool)" >&2; exit 2; }
done
ip netns add "$a"; ip netns add "$b"
for ns in "$a" "$b"; do
  # IPv4 only: no IPv6 router solicitations or MLD reports in the capture.
  ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link add veth-a netns "$a" type veth peer name veth-b netns "$b"
ip -n "$a" link set veth-a address 02:00:00:00:00:0a
ip -n "$b" link set veth-b address 02:00:00:00:00:0b
ip -n "$a" addr add 10.77.0.1/24 dev veth-a
ip -n "$b" addr add 10.77.0.2/24 dev veth-b
for ns in "$a" "$b"; do
  ip -n "$ns" link set lo up
  # Offloads off, so that the captured checksums are the real ones (FIELD-NOTES).
  ip netns exec "$ns" ethtool -K "veth-${ns##*-}" tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
done
ip -n "$a" link set veth-a up; ip -n "$b" link set veth-b up
tmp="$(mktemp -d)"
ip netns exec "$a" tcpdump -q -n -i veth-a -s 0 --immediate-mode -w "$tmp/cap.pcapng" --time-stamp-precision=nano 2>/dev/null &
dump=$!
sleep 1
ip netns exec "$a" ping -c 2 -i 0.2 10.77.0.2 >/dev/null
ip netns exec "$b" socat -u UDP4-RECV:40000 OPEN:/dev/null &
udp=$!
sleep 0.3
echo "margay udp datagram" | ip netns exec "$a" socat -u - UDP4-SENDTO:10.77.0.2:40000
# Nothing listens on 40001: Linux answers with ICMP port unreachable quoting the datagram.
echo "nobody home" | ip netns exec "$a" socat -u - UDP4-SENDTO:10.77.0.2:40001
sleep 0.2
ip netns exec "$b" socat TCP4-LISTEN:7777,reuseaddr EXEC:'tr a-z A-Z' &
tcp=$!
sleep 0.3
printf 'hello from margay\n' | ip netns exec "$a" socat -t 1 - TCP4:10.77.0.2:7777 >/dev/null
sleep 0.5
kill "$udp" "$tcp" 2>/dev/null || true
sleep 0.3
kill -INT "$dump"; wait "$dump" 2>/dev/null || true
# tcpdump writes classic pcap; editcap (Wireshark's) rewrites it as pcapng with nanosecond timestamps.
editcap -F pcapng "$tmp/cap.pcapng" "$out"
rm -f "$tmp/cap.pcapng"
rmdir "$tmp"
chown "$(id -u):$(id -g)" "$out"
# The reference decode made by the real tool, for the project's own conformance test.
TZ=GMT0 tcpdump -n -e -tttt -r "$out" > "${out%.pcapng}.tcpdump-n-e-tttt.txt" 2>/dev/null
echo "wrote $out ($(tcpdump -n -r "$out" 2>/dev/null | wc -l) packets)"
