#!/usr/bin/python3
"""Frames made with scapy that real traffic seldom shows, written as classic pcap files for decode checks.

Usage: craft-decode-frames.py OUT_DIR   (run by make-decode-captures.sh; needs python3-scapy)

Writes, with fixed timestamps so that reruns give identical files:
  crafted-ether.pcap      Ethernet: 802.1Q and QinQ tags, ARP/RARP variants, bad IP/TCP/UDP/ICMP checksums,
                          bad IP header and total lengths, IP options, every TCP option (unknown and malformed
                          ones too), TCP flag combinations, ICMP types beyond echo, fragments, 802.3/LLC
                          and unknown EtherTypes, trailers
  crafted-cut.pcap        the same kinds of frames cut short by a small snap length at awkward places
  crafted-raw101.pcap     LINKTYPE_RAW (101): bare IPv4 (and one IPv6 header) without a link header
  crafted-ipv4-228.pcap   LINKTYPE_IPV4 (228)
"""
import struct
import sys

from scapy.all import (ARP, ICMP, IP, TCP, UDP, Dot1AD, Dot1Q, Dot3, Ether, IPOption, IPv6, Raw, raw)
from scapy.layers.inet import IPOption_RR, IPOption_Timestamp, IPOption_LSRR, IPOption_SSRR, IPOption_Router_Alert
from scapy.layers.l2 import LLC

BASE_TIME = 1_700_000_000
SRC_MAC = "02:00:00:00:03:01"
DST_MAC = "02:00:00:00:03:02"
A = "10.79.0.1"
B = "10.79.0.2"


def write_pcap(path, link_type, frames, snaplen=262144):
    """frames: list of (bytes, caplen or None). Microsecond pcap, little-endian, fixed timestamps."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, link_type))
        for i, (data, caplen) in enumerate(frames):
            cut = data if caplen is None else data[:caplen]
            f.write(struct.pack("<IIII", BASE_TIME + i, (i * 1013) % 1_000_000, len(cut), len(data)))
            f.write(cut)


def eth(payload, type_=None):
    e = Ether(src=SRC_MAC, dst=DST_MAC)
    if type_ is not None:
        e.type = type_
    return e / payload


def ip(**kw):
    kw.setdefault("src", A)
    kw.setdefault("dst", B)
    kw.setdefault("id", 0x1234)
    kw.setdefault("ttl", 64)
    return IP(**kw)


def tcp(**kw):
    kw.setdefault("sport", 40000)
    kw.setdefault("dport", 5555)
    kw.setdefault("seq", 1000)
    kw.setdefault("ack", 0)
    kw.setdefault("flags", "S")
    kw.setdefault("window", 29200)
    return TCP(**kw)


def tcp_raw_options(options_bytes, flags="S", payload=b""):
    """A TCP header with the given option bytes verbatim (padded to 4 bytes with EOL), checksum computed."""
    pad = (-len(options_bytes)) % 4
    t = tcp(flags=flags)
    t.dataofs = 5 + (len(options_bytes) + pad) // 4
    return eth(ip() / t / Raw(options_bytes + b"\x00" * pad + payload))


def ip_raw_options(options_bytes, l4):
    """An IPv4 datagram whose options are the given bytes verbatim (padded with EOL), then l4 (a scapy layer
    whose checksum is computed against the plain header)."""
    pad = (-len(options_bytes)) % 4
    plain = bytearray(raw(ip() / l4))
    opts = options_bytes + b"\x00" * pad
    b = bytearray(plain[:20]) + opts + plain[20:]
    b[0] = 0x40 | (5 + len(opts) // 4)
    b[2:4] = struct.pack("!H", len(b))
    b[10:12] = b"\x00\x00"
    b[10:12] = struct.pack("!H", internet_checksum(bytes(b[:4 * (b[0] & 15)])))
    return eth(Raw(bytes(b)), type_=0x0800)


def internet_checksum(data):
    if len(data) % 2:
        data += b"\x00"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def with_bytes(pkt, offset, value):
    """The serialised packet with one byte replaced (for fields scapy would recompute)."""
    b = bytearray(raw(pkt))
    b[offset] = value
    return bytes(b)


def ether_frames():
    f = []
    # --- 802.1Q / 802.1ad tags
    f.append(eth(Dot1Q(vlan=100, prio=3) / ip() / UDP(sport=40000, dport=45000) / Raw(b"vlan")))
    f.append(eth(Dot1Q(vlan=4094, prio=7, id=1) / ip() / ICMP(type=8, id=7, seq=1) / Raw(b"dei")))
    f.append(eth(Dot1AD(vlan=300) / Dot1Q(vlan=20) / ip() / tcp()))
    f.append(eth(Dot1Q(vlan=10) / Dot1Q(vlan=20) / ARP(op=1, hwsrc=SRC_MAC, psrc=A, pdst=B)))
    f.append(eth(Dot1Q(vlan=0, prio=5) / ARP(op=2, hwsrc=SRC_MAC, psrc=A, hwdst=DST_MAC, pdst=B)))
    f.append(eth(Dot1Q(vlan=5, type=0x9000) / Raw(b"\x00" * 20)))
    # --- ARP variants
    f.append(eth(ARP(op=1, hwsrc=SRC_MAC, psrc=A, hwdst="02:00:00:00:03:09", pdst=B)))
    f.append(eth(ARP(op=1, hwsrc=SRC_MAC, psrc=A, pdst=A)))  # gratuitous
    f.append(eth(ARP(op=3, hwsrc=SRC_MAC, psrc=A, hwdst=DST_MAC, pdst=B), type_=0x8035))  # RARP request
    f.append(eth(ARP(op=4, hwsrc=SRC_MAC, psrc=A, hwdst=DST_MAC, pdst=B), type_=0x8035))  # RARP reply
    f.append(eth(ARP(op=8, hwsrc=SRC_MAC, psrc=A, hwdst=DST_MAC, pdst=B)))  # InARP request
    f.append(eth(ARP(op=9, hwsrc=SRC_MAC, psrc=A, hwdst=DST_MAC, pdst=B)))  # InARP reply
    f.append(eth(ARP(op=77, hwsrc=SRC_MAC, psrc=A, hwdst=DST_MAC, pdst=B)))  # unknown op
    f.append(eth(ARP(hwtype=6, op=1, hwsrc=SRC_MAC, psrc=A, pdst=B)))  # IEEE 802 hardware
    f.append(eth(ARP(ptype=0x86DD, plen=16, op=1, hwsrc=SRC_MAC, psrc="::1", pdst="::2")))
    # --- checksums
    f.append(eth(ip(chksum=0xBEEF) / UDP(sport=40000, dport=45000) / Raw(b"bad ip sum")))
    f.append(eth(ip() / tcp(chksum=0xBEEF)))
    f.append(eth(ip() / tcp(flags="PA", ack=5, chksum=0x0000) / Raw(b"data with zero tcp sum")))
    f.append(eth(ip() / UDP(sport=40000, dport=45000, chksum=0xBEEF) / Raw(b"bad udp sum")))
    f.append(eth(ip() / UDP(sport=40000, dport=45000, chksum=0) / Raw(b"no udp sum")))
    f.append(eth(ip() / ICMP(type=8, id=1, seq=2, chksum=0xBEEF) / Raw(b"bad icmp sum")))
    f.append(eth(ip(chksum=0) / ICMP(type=0, id=1, seq=2) / Raw(b"zero ip sum")))
    # --- IP header/total length problems (bytes patched after scapy serialised them)
    good = raw(ip() / UDP(sport=40000, dport=45000) / Raw(b"0123456789"))
    f.append(eth(Raw(with_bytes(IP(good), 0, 0x44)), type_=0x0800))  # IHL 4
    f.append(eth(Raw(with_bytes(IP(good), 0, 0x4F)), type_=0x0800))  # IHL 15 > packet
    f.append(eth(Raw(with_bytes(IP(good), 0, 0x46)), type_=0x0800))  # IHL 6: UDP header read as option
    f.append(eth(Raw(with_bytes(IP(good), 3, 0x10)), type_=0x0800))  # total length 16 < header
    f.append(eth(Raw(with_bytes(IP(good), 3, 0xF0)), type_=0x0800))  # total length 240 > frame
    f.append(eth(Raw(with_bytes(IP(good), 3, 0x1A)), type_=0x0800))  # total length 26 < data (trailer)
    f.append(eth(Raw(with_bytes(IP(good), 0, 0x65)), type_=0x0800))  # version 6 in an IPv4 EtherType
    f.append(eth(Raw(with_bytes(IP(good), 0, 0x05)), type_=0x0800))  # version 0
    # short IP datagram in a padded frame with a non-zero trailer
    f.append(Ether(src=SRC_MAC, dst=DST_MAC) / ip() / ICMP(type=8, id=3, seq=3) / Raw(b"x") / Raw(b"\xAA" * 17))
    # --- IP options
    f.append(eth(ip(options=[IPOption_RR(pointer=4, routers=["0.0.0.0"] * 3)]) / ICMP(type=8, id=4, seq=1)))
    f.append(eth(ip(options=[IPOption_RR(pointer=12, routers=["10.79.0.254", "10.79.0.2", "0.0.0.0"])])
                 / ICMP(type=0, id=4, seq=1)))
    f.append(eth(ip(options=[IPOption_Timestamp(flg=0, pointer=5, timestamp=0, internet_address="0.0.0.0")])
                 / ICMP(type=8, id=4, seq=2)))
    f.append(eth(ip(options=[IPOption_LSRR(routers=["10.79.0.254", B])]) / UDP(sport=1, dport=2)))
    f.append(eth(ip(options=[IPOption_SSRR(routers=["10.79.0.254"])]) / UDP(sport=1, dport=2)))
    f.append(eth(ip(options=[IPOption_Router_Alert()]) / UDP(sport=1, dport=2)))
    f.append(ip_raw_options(b"\x01\x01\x01\x00", UDP(sport=1, dport=2)))  # NOPs, EOL
    f.append(ip_raw_options(b"\x99\x04\xab\xcd", UDP(sport=1, dport=2)))  # unknown option
    f.append(ip_raw_options(b"\x07\x09\x04\x00", UDP(sport=1, dport=2)))  # RR length past end
    f.append(ip_raw_options(b"\x07\x01\x00\x00", UDP(sport=1, dport=2)))  # option length 1
    f.append(ip_raw_options(b"\x44\x0c\x05\x13" + b"\x00" * 8, UDP(sport=1, dport=2)))  # TS flag 3
    f.append(ip_raw_options(b"\x44\x0c\x0d\x01" + b"\x00\x00\x00\x01" * 2, UDP(sport=1, dport=2)))
    f.append(ip_raw_options(b"\x82\x0b" + b"\x00" * 9 + b"\x00", UDP(sport=1, dport=2)))  # security
    # --- IP flags and fragments, other protocols
    f.append(eth(ip(flags="DF", tos=0x2E) / UDP(sport=40000, dport=45000) / Raw(b"df ecn")))
    f.append(eth(ip(flags="evil", tos=0xB8 | 3) / UDP(sport=40000, dport=45000) / Raw(b"reserved flag ce")))
    f.append(eth(ip(flags="MF", frag=0, proto=6) / Raw(raw(tcp(flags="PA", ack=1))[:20] + b"A" * 12)))
    f.append(eth(ip(flags="MF", frag=4, proto=6) / Raw(b"B" * 32)))
    f.append(eth(ip(flags=0, frag=8, proto=6) / Raw(b"C" * 8)))
    f.append(eth(ip(flags="MF", proto=17) / Raw(b"\x9c\x40\xaf\xc8\x00\x40\x00\x00" + b"u" * 8)))
    f.append(eth(ip(flags="MF", proto=1) / Raw(b"\x08\x00\x00\x00\x00\x05\x00\x01" + b"i" * 8)))
    f.append(eth(ip(proto=47) / Raw(b"\x00\x00\x08\x00" + b"g" * 8)))
    f.append(eth(ip(proto=2) / Raw(b"\x16\x00\xfa\x04\xe0\x00\x00\xfb")))
    f.append(eth(ip(proto=132) / Raw(b"s" * 16)))
    f.append(eth(ip(proto=253) / Raw(b"x" * 4)))
    f.append(eth(ip(ttl=0, tos=1) / ICMP(type=8, id=9, seq=9)))
    # --- TCP options: the well-known ones, each alone and all together
    f.append(eth(ip() / tcp(options=[("MSS", 1460), ("SAckOK", b""), ("Timestamp", (123456789, 0)),
                                     ("NOP", None), ("WScale", 14)])))
    f.append(eth(ip() / tcp(flags="A", ack=7, options=[("NOP", None), ("NOP", None),
                                                      ("SAck", (1100, 1200, 1300, 1400, 1500, 1600))])))
    f.append(eth(ip() / tcp(flags="A", ack=7, options=[("NOP", None), ("NOP", None),
                                                      ("SAck", (1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800))])))
    f.append(eth(ip() / tcp(flags="A", ack=7, options=[("NOP", None), ("NOP", None), ("Timestamp", (5, 6)),
                                                      ("NOP", None), ("NOP", None), ("SAck", (900, 1000))])))
    f.append(eth(ip() / tcp(flags="S", options=[("WScale", 15)])))
    f.append(eth(ip() / tcp(flags="SA", ack=1, options=[("WScale", 0), ("MSS", 0)])))
    f.append(tcp_raw_options(b"\x13\x12" + bytes(range(16))))  # MD5 signature (RFC 2385)
    f.append(tcp_raw_options(b"\x22\x0a" + bytes(range(8))))  # TCP Fast Open cookie (RFC 7413)
    f.append(tcp_raw_options(b"\x22\x02"))  # TFO cookie request
    f.append(tcp_raw_options(b"\xfe\x06\xf9\x89\x01\x02"))  # experimental with TFO magic (RFC 6994)
    f.append(tcp_raw_options(b"\xfd\x04\x12\x34"))  # experimental, other ExID
    f.append(tcp_raw_options(b"\x1c\x04\x80\x0a"))  # user timeout (RFC 5482)
    f.append(tcp_raw_options(b"\x1d\x08\x01\x02" + b"\xaa" * 4))  # TCP-AO (RFC 5925)
    f.append(tcp_raw_options(b"\x1e\x0c\x00\x81" + bytes(range(8))))  # MPTCP MP_CAPABLE
    f.append(tcp_raw_options(b"\x06\x06\x00\x00\x00\x01\x07\x06\x00\x00\x00\x02"))  # echo, echo reply
    f.append(tcp_raw_options(b"\x0b\x06\x00\x00\x00\x09"))  # CC (RFC 1644)
    f.append(tcp_raw_options(b"\x63\x04\xde\xad"))  # unknown kind 99
    f.append(tcp_raw_options(b"\x63\x02"))  # unknown kind, no data
    f.append(tcp_raw_options(b"\x02\x03\x05"))  # MSS with length 3
    f.append(tcp_raw_options(b"\x03\x02"))  # window scale with length 2
    f.append(tcp_raw_options(b"\x04\x03\x00"))  # SACK permitted with length 3
    f.append(tcp_raw_options(b"\x05\x0b" + b"\x00\x00\x01\x00" * 2 + b"\x00"))  # SACK length 11
    f.append(tcp_raw_options(b"\x05\x02", flags="A"))  # empty SACK
    f.append(tcp_raw_options(b"\x08\x06\x00\x00\x00\x01"))  # timestamps with length 6
    f.append(tcp_raw_options(b"\x02\x01\x05\xb4"))  # option length 1
    f.append(tcp_raw_options(b"\x02\x00\x05\xb4"))  # option length 0
    f.append(tcp_raw_options(b"\x01\x01\x02\x08\x05\xb4"))  # MSS length running past the header
    f.append(tcp_raw_options(b"\x00\x02\x04\x05\xb4"))  # EOL then bytes
    f.append(tcp_raw_options(b"\x01" * 8))  # only NOPs
    f.append(tcp_raw_options(b"\x02\x04\x05\xb4\x02\x04\x02\x18"))  # MSS twice
    f.append(tcp_raw_options(b"\x03\x03\x0e\x03\x03\x07", flags="SA"))  # WS twice (SYN-ACK)
    # --- TCP flags, header lengths, urgent data
    f.append(eth(ip() / tcp(flags="PAU", ack=9, urgptr=3) / Raw(b"urgent")))
    f.append(eth(ip() / tcp(flags="SEC")))
    f.append(eth(ip() / tcp(flags="AE", ack=9)))
    f.append(eth(ip() / tcp(flags="N", ack=9)))  # NS / AE bit alone
    f.append(eth(ip() / tcp(flags=0, ack=9)))  # no flags
    f.append(eth(ip() / tcp(flags="FSRPAUEC", ack=9, urgptr=1)))
    f.append(eth(ip() / tcp(flags="R", seq=777, ack=0) / Raw(b"reset reason text")))
    f.append(eth(ip() / tcp(flags="RA", seq=0, ack=1001)))
    f.append(eth(ip() / tcp(flags="F", ack=0)))
    f.append(eth(ip() / tcp(flags="A", ack=1, reserved=7)))
    t = bytearray(raw(ip() / tcp(flags="A", ack=1)))
    t[32] = 0x40  # data offset 4
    f.append(eth(Raw(bytes(t)), type_=0x0800))
    t = bytearray(raw(ip() / tcp(flags="A", ack=1)))
    t[32] = 0xF0  # data offset 15 > segment
    f.append(eth(Raw(bytes(t)), type_=0x0800))
    f.append(eth(ip() / tcp(sport=0, dport=0, flags="S")))
    # --- UDP lengths
    f.append(eth(ip() / UDP(sport=40000, dport=45000, len=200) / Raw(b"long claim")))
    f.append(eth(ip() / UDP(sport=40000, dport=45000, len=4) / Raw(b"short claim")))
    f.append(eth(ip() / UDP(sport=40000, dport=45000, len=12) / Raw(b"longer than udp length")))
    f.append(eth(ip() / UDP(sport=40000, dport=45000)))
    # --- ICMP beyond echo
    quoted_udp = ip(src=B, dst=A, ttl=1) / UDP(sport=33434, dport=33435) / Raw(b"q" * 12)
    quoted_tcp = ip(src=B, dst=A) / tcp(flags="S")
    for code in (0, 1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16):
        f.append(eth(ip(src="10.79.0.254") / ICMP(type=3, code=code, nexthopmtu=576 if code == 4 else 0)
                     / raw(quoted_udp)))
    f.append(eth(ip(src="10.79.0.254") / ICMP(type=3, code=3) / raw(quoted_tcp)[:28]))
    f.append(eth(ip(src="10.79.0.254") / ICMP(type=3, code=3) / raw(quoted_tcp)))
    f.append(eth(ip(src="10.79.0.254") / ICMP(type=4, code=0) / raw(quoted_udp)))
    f.append(eth(ip(src="10.79.0.254") / ICMP(type=5, code=1, gw="10.79.0.253") / raw(quoted_udp)))
    f.append(eth(ip(src="10.79.0.254") / ICMP(type=11, code=0) / raw(quoted_tcp)))
    f.append(eth(ip(src="10.79.0.254") / ICMP(type=11, code=1) / raw(quoted_udp)))
    f.append(eth(ip(src="10.79.0.254") / ICMP(type=12, code=0, ptr=20) / raw(quoted_udp)))
    f.append(eth(ip(src="10.79.0.254") / ICMP(type=12, code=1) / raw(quoted_udp)))
    f.append(eth(ip(src="10.79.0.254") / ICMP(type=11, code=0) / raw(ip(src=B, dst=A) / ICMP(type=8, id=5, seq=6))))
    f.append(eth(ip(src="10.79.0.254") / ICMP(type=3, code=1) / raw(ip(src=B, dst=A, proto=47) / Raw(b"gregre"))))
    f.append(eth(ip(src="10.79.0.254") / ICMP(type=3, code=2)))  # no quoted datagram
    f.append(eth(ip() / ICMP(type=9, code=0) / Raw(b"\x01\x02\x07\x08\x0a\x4f\x00\xfe\x00\x00\x00\x00")))
    f.append(eth(ip() / ICMP(type=10, code=0) / Raw(b"\x00" * 4)))
    f.append(eth(ip() / ICMP(type=13, id=1, seq=2, ts_ori=1000, ts_rx=0, ts_tx=0)))
    f.append(eth(ip() / ICMP(type=14, id=1, seq=2, ts_ori=1000, ts_rx=2000, ts_tx=3000)))
    f.append(eth(ip() / ICMP(type=15, id=1, seq=2)))
    f.append(eth(ip() / ICMP(type=16, id=1, seq=2)))
    f.append(eth(ip() / ICMP(type=17, id=1, seq=2, addr_mask="0.0.0.0")))
    f.append(eth(ip() / ICMP(type=18, id=1, seq=2, addr_mask="255.255.255.0")))
    f.append(eth(ip() / ICMP(type=42, code=7) / Raw(b"unknown type")))
    f.append(eth(ip() / ICMP(type=8, code=3, id=1, seq=1)))
    f.append(eth(ip() / Raw(b"\x08\x00\xf7"), type_=0x0800) if False else eth(ip(proto=1) / Raw(b"\x08\x00\xf7")))
    # --- other link payloads
    f.append(Dot3(src=SRC_MAC, dst="01:80:c2:00:00:00") / LLC(dsap=0xAA, ssap=0xAA, ctrl=3) / Raw(b"\x00" * 35))
    f.append(eth(Raw(b"\x00" * 46), type_=0x88CC))
    f.append(eth(Raw(b"\x00" * 46), type_=0x1234))
    f.append(eth(IPv6(src="fe80::1", dst="fe80::2") / UDP(sport=1, dport=2)))
    return [(raw(p), None) for p in f]


def cut_frames():
    """Frames whose capture stops at awkward places (caplen < len), as a small snap length would cut them."""
    f = []

    def cut(pkt, at):
        f.append((raw(pkt), at))

    full_syn = eth(ip() / tcp(options=[("MSS", 1460), ("SAckOK", b""), ("Timestamp", (1, 0)), ("NOP", None),
                                     ("WScale", 7)]))
    for at in (1, 13, 14, 15, 20, 33, 34, 40, 46, 54, 56, 60, 64, 70, 73):
        cut(full_syn, at)
    tagged = eth(Dot1Q(vlan=7) / ip() / UDP(sport=40000, dport=45000) / Raw(b"v" * 30))
    for at in (14, 16, 17, 18, 30, 38, 42, 45, 50):
        cut(tagged, at)
    qinq = eth(Dot1AD(vlan=8) / Dot1Q(vlan=9) / ARP(op=1, hwsrc=SRC_MAC, psrc=A, pdst=B))
    for at in (20, 22, 30, 40):
        cut(qinq, at)
    arp = eth(ARP(op=2, hwsrc=SRC_MAC, psrc=A, hwdst=DST_MAC, pdst=B))
    for at in (16, 22, 27, 30, 41):
        cut(arp, at)
    with_options = eth(ip(options=[IPOption_RR(pointer=4, routers=["0.0.0.0"] * 9)]) / ICMP(type=8, id=1, seq=1))
    for at in (36, 40, 60, 70, 74, 80):
        cut(with_options, at)
    unreach = eth(ip(src="10.79.0.254") / ICMP(type=3, code=3)
                  / raw(ip(src=B, dst=A) / UDP(sport=33434, dport=33435) / Raw(b"q" * 12)))
    for at in (36, 38, 42, 50, 60, 62, 66, 70):
        cut(unreach, at)
    data = eth(ip() / tcp(flags="PA", ack=5) / Raw(b"d" * 100))
    for at in (54, 60, 100):
        cut(data, at)
    udp = eth(ip() / UDP(sport=40000, dport=45000) / Raw(b"u" * 100))
    for at in (36, 40, 42, 60):
        cut(udp, at)
    echo = eth(ip() / ICMP(type=8, id=1, seq=1) / Raw(b"e" * 56))
    for at in (35, 36, 38, 40, 42, 60):
        cut(echo, at)
    return f


def raw_ip_frames():
    pkts = [
        ip() / tcp(options=[("MSS", 1460), ("WScale", 7)]),
        ip() / UDP(sport=40000, dport=45000) / Raw(b"raw ip"),
        ip() / ICMP(type=8, id=2, seq=3) / Raw(b"ping"),
        ip(chksum=0x1111) / ICMP(type=0, id=2, seq=3),
        ip(src="10.79.0.254") / ICMP(type=11) / raw(ip(src=B, dst=A, ttl=1) / UDP(sport=1, dport=2)),
        IPv6(src="fe80::1", dst="fe80::2") / UDP(sport=1, dport=2),
    ]
    frames = [(raw(p), None) for p in pkts]
    frames.append((raw(pkts[0]), 30))
    frames.append((b"\x45", None))
    frames.append((b"\x25" + b"\x00" * 19, None))
    return frames


def main():
    out = sys.argv[1]
    write_pcap(out + "/crafted-ether.pcap", 1, ether_frames())
    write_pcap(out + "/crafted-cut.pcap", 1, cut_frames())
    raw_frames = raw_ip_frames()
    write_pcap(out + "/crafted-raw101.pcap", 101, raw_frames)
    write_pcap(out + "/crafted-ipv4-228.pcap", 228, raw_frames[:-1])


if __name__ == "__main__":
    main()
