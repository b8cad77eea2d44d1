#!/usr/bin/python3
"""Margay's adversarial peer (issue #9): hand-made segments and fragments sent to a Margay stack over a TAP
interface, and what came back.

Run inside the test's network namespace, as root, by the adversarial tests:

    peer.py IFACE MARGAY_MAC MARGAY_IP OWN_IP ATTACK [ARGS...]

OWN_IP is an address the kernel does not own, for which Margay has a static neighbour entry pointing at
OWN_MAC below: Margay's answers reach this script's packet socket, and the kernel never sees them as its own
(so it sends no RST of its own for connections it knows nothing about).

Every attack prints lines `RESULT key=value ...` that the Java test asserts on; `outcome=` names what Margay did
(challenge-ack, ack, rst, synack, none, reply, ...). Anything else printed is for people.
"""
import os
import random
import select
import sys
import time

from scapy.all import Ether, IP, TCP, ICMP, Raw, conf, fragment  # noqa: E402

conf.verb = 0
OWN_MAC = "02:00:00:00:00:09"
WINDOW = 65535  # advertised by this peer; no window scaling, so it is MAX.SND.WND for Margay


def result(**kv):
    print("RESULT " + " ".join(f"{k}={v}" for k, v in kv.items()), flush=True)


def u32(x):
    return x & 0xFFFFFFFF


def payload(ip):
    """The TCP data of `ip`, without the Ethernet padding that scapy leaves at the end of short frames."""
    t = ip[TCP]
    return bytes(t.payload)[:max(0, ip.len - ip.ihl * 4 - t.dataofs * 4)]


class Peer:
    """A packet socket on the TAP, sending as OWN_IP and receiving what Margay sends to it."""

    def __init__(self, iface, margay_mac, margay_ip, own_ip):
        self.sock = conf.L2socket(iface=iface, promisc=True)
        self.margay_mac = margay_mac
        self.margay_ip = margay_ip
        self.own_ip = own_ip

    def send(self, ip_packet):
        self.sock.send(Ether(src=OWN_MAC, dst=self.margay_mac) / ip_packet)

    def receive(self, timeout, match):
        """Margay's IP packets to OWN_IP for which match(ip) is true, until the timeout; returns the first."""
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.sock], [], [], left)
            if not ready:
                return None
            frame = self.sock.recv()
            if frame is None or IP not in frame:
                continue
            ip = frame[IP]
            if ip.src == self.margay_ip and ip.dst == self.own_ip and match(ip):
                return ip

    def drain(self, seconds, match):
        """Every matching packet for the next `seconds`."""
        got = []
        deadline = time.time() + seconds
        while time.time() < deadline:
            p = self.receive(deadline - time.time(), match)
            if p is not None:
                got.append(p)
        return got


class Conn:
    """One TCP connection from OWN_IP, played by hand. Tracks both sides' sequence numbers."""

    def __init__(self, peer, dport, options=(("MSS", 1460),)):
        self.peer = peer
        self.dport = dport
        self.sport = random.randint(20000, 60000)
        self.options = list(options)
        self.snd_nxt = random.randint(0, 0xFFFFFFFF)   # ours
        self.rcv_nxt = None                             # Margay's next byte, what we acknowledge
        self.margay_nxt = None                          # the highest sequence Margay sent (its SND.NXT)
        self.synack = None

    def mine(self, ip):
        return TCP in ip and ip[TCP].sport == self.dport and ip[TCP].dport == self.sport

    def segment(self, flags, seq=None, ack=None, payload=b"", window=WINDOW, options=None):
        t = TCP(sport=self.sport, dport=self.dport, flags=flags, seq=u32(self.snd_nxt if seq is None else seq),
                ack=u32((self.rcv_nxt or 0) if ack is None else ack), window=window, options=options or [])
        p = IP(src=self.peer.own_ip, dst=self.peer.margay_ip) / t
        if payload:
            p = p / Raw(payload)
        return p

    def open(self):
        self.peer.send(self.segment("S", options=self.options, ack=0))
        sa = self.peer.receive(3, lambda ip: self.mine(ip) and ip[TCP].flags & 0x12 == 0x12)
        if sa is None:
            raise SystemExit("no SYN-ACK from Margay")
        self.synack = sa
        self.snd_nxt = u32(self.snd_nxt + 1)
        self.rcv_nxt = u32(sa[TCP].seq + 1)
        self.margay_nxt = self.rcv_nxt
        self.peer.send(self.segment("A"))
        return self

    def note(self, ip):
        t = ip[TCP]
        end = u32(t.seq + len(payload(ip)) + (1 if t.flags & 0x01 else 0))
        if self.margay_nxt is None or u32(end - self.margay_nxt) < 0x80000000:
            self.margay_nxt = end

    def send_data(self, data):
        self.peer.send(self.segment("PA", payload=data))
        self.snd_nxt = u32(self.snd_nxt + len(data))

    def read(self, n, timeout=3):
        """Reads n bytes in order (acknowledging them); returns what arrived."""
        got = b""
        deadline = time.time() + timeout
        while len(got) < n and time.time() < deadline:
            ip = self.peer.receive(deadline - time.time(), self.mine)
            if ip is None:
                break
            self.note(ip)
            data = payload(ip)
            if data and ip[TCP].seq == self.rcv_nxt:
                got += data
                self.rcv_nxt = u32(self.rcv_nxt + len(data))
                self.peer.send(self.segment("A"))
        return got

    def serves(self):
        """Whether the connection still carries a request and its answer: HTTP keep-alive (GET /small.txt) on port
        80, an echo of a probe on any other port."""
        if self.dport != 80:
            probe = f"probe-{random.randint(0, 1 << 30)}".encode()
            self.send_data(probe)
            got = b""
            deadline = time.time() + 3
            while len(got) < len(probe) and time.time() < deadline:
                more = self.read(1, deadline - time.time())
                if not more:
                    break
                got += more
            return got == probe
        self.send_data(b"GET /small.txt HTTP/1.1\r\nHost: margay\r\n\r\n")
        got = b""
        deadline = time.time() + 3
        while not got.endswith(b"\r\n\r\nsmall\n") and time.time() < deadline:
            more = self.read(1, deadline - time.time())
            if not more:
                break
            got += more
        return got.startswith(b"HTTP/1.1 200") and got.endswith(b"\r\n\r\nsmall\n")

    def reply_to_injection(self, timeout=1.0):
        """The first segment Margay sends after an injection (None when it stays silent)."""
        ip = self.peer.receive(timeout, self.mine)
        if ip is not None:
            self.note(ip)
        return ip

    def close(self):
        self.peer.send(self.segment("R", ack=0))


def classify(conn, ip):
    """What Margay's answer to an injected segment was."""
    if ip is None:
        return "none"
    t = ip[TCP]
    flags = int(t.flags)
    if flags & 0x04:
        return "rst"
    if flags & 0x02:
        return "synack"
    if flags == 0x10 and not payload(ip):
        # An ACK that restates Margay's own state: sequence = its SND.NXT, acknowledgment = our real SND.NXT.
        if t.ack == conn.snd_nxt:
            return "challenge-ack"
        return f"ack-{u32(t.ack - conn.snd_nxt)}"
    return f"flags-{flags:#x}-len-{len(payload(ip))}"


# ------------------------------------------------------------------ RFC 5961 injections on a live connection

def rfc5961(peer, port):
    """Each injection on a fresh connection (HTTP keep-alive on port 80, echo elsewhere): what Margay answered, and
    whether the connection still carries a request and its response afterwards."""
    cases = [
        # name, flags, sequence relative to our SND.NXT, acknowledgment relative to Margay's SND.NXT, payload
        ("rst-exact", "R", 0, None, b""),
        ("rst-in-window", "R", 1000, None, b""),
        ("rst-out-of-window", "R", 0x40000000, None, b""),
        ("syn-in-window", "S", 1000, None, b""),
        ("syn-out-of-window", "S", 0x40000000, None, b""),
        ("data-old-ack", "PA", 0, -0x20000000, b"INJECTED-OLD-ACK"),
        ("data-out-of-window", "PA", 0x40000000, 0, b"INJECTED-FAR"),
        ("data-below-window", "PA", -0x20000000, 0, b"INJECTED-OLD"),
        ("ack-unsent", "A", 0, 100000, b""),
        ("data-ack-unsent", "PA", 0, 100000, b"INJECTED-AHEAD"),
    ]
    for name, flags, dseq, dack, payload in cases:
        conn = Conn(peer, port).open()
        if not conn.serves():
            result(case=name, outcome="not-serving-before", alive=False)
            conn.close()
            continue
        ack = 0 if flags == "R" else u32(conn.margay_nxt + (dack or 0)) if dack is not None else conn.rcv_nxt
        seg = conn.segment(flags, seq=u32(conn.snd_nxt + dseq), ack=ack, payload=payload)
        if flags == "R":
            seg[TCP].flags = "R"
            seg[TCP].ack = 0
        peer.send(seg)
        outcome = classify(conn, conn.reply_to_injection())
        if name == "rst-exact":
            # The connection is gone: data now draws an RST (RFC 9293 §3.10.7.1, no connection).
            conn.send_data(b"after-reset")
            after = conn.reply_to_injection()
            alive = not (after is not None and after[TCP].flags & 0x04)
            result(case=name, outcome=outcome, alive=alive, after=classify(conn, after))
        else:
            # Let a duplicate ACK or a delayed reaction show up before probing.
            extra = peer.drain(0.2, conn.mine)
            for ip in extra:
                conn.note(ip)
            alive = conn.serves()
            result(case=name, outcome=outcome, alive=alive)
        conn.close()


# ------------------------------------------------------------------ bad option lengths in a SYN

def bad_options(peer, port):
    cases = [
        ("mss-length-0", b"\x02\x00\x05\xb4"),
        ("mss-length-1", b"\x02\x01\x05\xb4"),
        ("mss-length-3", b"\x02\x03\x05\x00"),
        ("option-past-header", b"\x08\x28\x00\x00"),
        ("sackok-length-9", b"\x04\x09\x00\x00"),
        ("timestamp-length-6", b"\x08\x06\x00\x00\x00\x01\x01\x01"),
        ("wscale-200", b"\x03\x03\xc8\x01"),
        ("unknown-kind-length-0", b"\x99\x00\x01\x01"),
    ]
    for name, raw in cases:
        conn = Conn(peer, port)
        t = TCP(sport=conn.sport, dport=port, flags="S", seq=conn.snd_nxt, window=WINDOW, dataofs=5 + len(raw) // 4)
        peer.send(IP(src=peer.own_ip, dst=peer.margay_ip) / t / Raw(raw))
        ip = peer.receive(1.0, conn.mine)
        outcome = "none" if ip is None else "rst" if ip[TCP].flags & 0x04 else "synack" if ip[TCP].flags & 0x12 == 0x12 else "other"
        extra = ""
        if outcome == "synack":
            extra = ip[TCP].options
            peer.send(conn.segment("R", seq=u32(conn.snd_nxt + 1), ack=0))
        result(case=name, outcome=outcome, options=str(extra).replace(" ", ""))


# ------------------------------------------------------------------ an HTTP download read by hand

class Download:
    def __init__(self, peer, port, path, sack=True):
        opts = [("MSS", 1460), ("NOP", None), ("NOP", None), ("SAckOK", b"")] if sack else [("MSS", 1460)]
        self.conn = Conn(peer, port, options=opts).open()
        self.peer = peer
        self.body = {}
        self.got = b""
        self.fin = False
        self.conn.send_data(f"GET {path} HTTP/1.1\r\nHost: margay\r\nConnection: close\r\n\r\n".encode())

    def take(self, ip):
        """Stores a segment's data; returns True if it moved rcv_nxt."""
        c = self.conn
        c.note(ip)
        t = ip[TCP]
        data = payload(ip)
        if data and u32(t.seq - c.rcv_nxt) < 0x80000000:
            self.body.setdefault(t.seq, data)
        moved = False
        while c.rcv_nxt in self.body:
            d = self.body.pop(c.rcv_nxt)
            self.got += d
            c.rcv_nxt = u32(c.rcv_nxt + len(d))
            moved = True
        if t.flags & 0x01 and t.seq == c.rcv_nxt:
            c.rcv_nxt = u32(c.rcv_nxt + 1)
            self.fin = True
        return moved

    def response(self):
        head, _, body = self.got.partition(b"\r\n\r\n")
        return head, body


def bogus_sack(peer, port, path, length):
    """Reads a file while every other ACK carries SACK blocks that lie (RFC 2018 §3 blocks Margay never sent,
    below the cumulative ACK, reversed, huge); the file must still arrive whole and the connection end cleanly."""
    d = Download(peer, port, path)
    c = d.conn
    n = 0
    deadline = time.time() + 30
    while not d.fin and time.time() < deadline:
        ip = peer.receive(2, c.mine)
        if ip is None:
            peer.send(c.segment("A"))
            continue
        d.take(ip)
        n += 1
        if n % 2:
            base = c.rcv_nxt
            lies = [
                (u32(c.margay_nxt + 100000), u32(c.margay_nxt + 200000)),    # beyond what was sent
                (u32(base - 50000), u32(base - 40000)),                      # below the cumulative ACK
                (u32(base + 3000), u32(base + 1000)),                        # left edge after the right edge
                (u32(base), u32(base + 0x7FFFFFF0)),                         # half the sequence space
            ]
            blocks = lies[(n // 2) % 4: (n // 2) % 4 + 1] if n % 6 else lies
            flat = tuple(x for b in blocks for x in b)
            peer.send(c.segment("A", options=[("NOP", None), ("NOP", None), ("SAck", flat)]))
        else:
            peer.send(c.segment("A"))
    head, body = d.response()
    if d.fin:
        peer.send(c.segment("FA"))
        c.snd_nxt = u32(c.snd_nxt + 1)
    result(case="bogus-sack", complete=d.fin and len(body) == length, bytes=len(body),
           status=head.split(b"\r\n")[0].decode(errors="replace").replace(" ", "_"),
           sha=__import__("hashlib").sha256(body).hexdigest())


def zero_window(peer, port, path, length, hold):
    """Reads a little of a file, stops acknowledging until Margay has filled the window, then acknowledges all it got
    with a zero window (so the window closes without shrinking, RFC 9293 §3.8.6) and keeps it shut for `hold`
    seconds (printing HOLDING), answering every probe with the window still shut; then opens it and reads the rest."""
    d = Download(peer, port, path, sack=False)
    c = d.conn
    while len(d.got) < 8000:
        ip = peer.receive(3, c.mine)
        if ip is None:
            break
        d.take(ip)
        peer.send(c.segment("A"))
    for ip in peer.drain(0.5, c.mine):   # no ACKs: Margay fills the window it was given
        d.take(ip)
    shut_at = c.rcv_nxt
    peer.send(c.segment("A", window=0))
    print("HOLDING", flush=True)
    probes = 0
    beyond = 0
    start = time.time()
    while time.time() - start < hold:
        ip = peer.receive(hold - (time.time() - start), c.mine)
        if ip is None:
            continue
        t = ip[TCP]
        data = payload(ip)
        c.note(ip)
        # Everything Margay sent was acknowledged, and only its segments are answered: whatever comes now is a
        # zero-window probe (RFC 9293 §3.8.6.1), which may carry at most a byte past the closed window.
        probes += 1
        if data and u32(t.seq + len(data) - shut_at) < 0x80000000:
            beyond = max(beyond, u32(t.seq + len(data) - shut_at))
        peer.send(c.segment("A", ack=shut_at, window=0))
    deadline = time.time() + 30
    peer.send(c.segment("A", ack=shut_at))
    while not d.fin and time.time() < deadline:
        ip = peer.receive(2, c.mine)
        if ip is None:
            peer.send(c.segment("A"))
            continue
        d.take(ip)
        peer.send(c.segment("A"))
    head, body = d.response()
    if d.fin:
        peer.send(c.segment("FA"))
    result(case="zero-window", probes=probes, beyond_window=beyond, complete=d.fin and len(body) == length,
           bytes=len(body), sha=__import__("hashlib").sha256(body).hexdigest())


# ------------------------------------------------------------------ fragments (ICMP echo)

def echo_reply(peer, ident, timeout=1.5):
    return peer.receive(timeout, lambda ip: ICMP in ip and ip[ICMP].type == 0 and ip[ICMP].id == ident)


def raw_fragment(peer, ident, offset_bytes, payload, more):
    p = IP(src=peer.own_ip, dst=peer.margay_ip, id=ident, proto=1, frag=offset_bytes // 8, flags="MF" if more else 0)
    peer.send(p / Raw(payload))


def fragments(peer):
    # tiny: a 64-byte echo in 8-byte fragments (RFC 791 allows them; RFC 1858's concern is TCP headers).
    ident = random.randint(1, 0xFFFF)
    pkt = IP(src=peer.own_ip, dst=peer.margay_ip, id=ident) / ICMP(id=ident, seq=1) / Raw(b"T" * 64)
    for f in fragment(pkt, fragsize=8):
        peer.send(f)
    r = echo_reply(peer, ident)
    result(case="tiny", outcome="reply" if r is not None and bytes(r[ICMP].payload) == b"T" * 64 else "none",
           fragments=len(fragment(pkt, fragsize=8)))

    # overlapping: the second fragment rewrites bytes 16..31 of the first with other data.
    ident = random.randint(1, 0xFFFF)
    icmp = bytes(ICMP(id=ident, seq=2) / Raw(b"A" * 40))
    raw_fragment(peer, ident, 0, icmp[:32], True)
    raw_fragment(peer, ident, 16, b"B" * 32, False)
    r = echo_reply(peer, ident)
    result(case="overlap", outcome="none" if r is None else "reply")

    # teardrop: the last fragment lies wholly inside the first and ends before it.
    ident = random.randint(1, 0xFFFF)
    icmp = bytes(ICMP(id=ident, seq=3) / Raw(b"C" * 40))
    raw_fragment(peer, ident, 0, icmp[:48], True)
    raw_fragment(peer, ident, 8, icmp[8:16], False)
    r = echo_reply(peer, ident)
    result(case="teardrop", outcome="none" if r is None else "reply")

    # a fragment whose end passes 65535 bytes (ping of death)
    ident = random.randint(1, 0xFFFF)
    raw_fragment(peer, ident, 65528, b"D" * 64, False)
    r = echo_reply(peer, ident)
    result(case="beyond-65535", outcome="none" if r is None else "reply")

    # flood: first fragments of many datagrams that never complete
    count = 3000
    for i in range(count):
        raw_fragment(peer, 0x1000 + i, 0, b"E" * 1400, True)
    result(case="flood", sent=count)

    # a plain ping still answered
    ident = random.randint(1, 0xFFFF)
    peer.send(IP(src=peer.own_ip, dst=peer.margay_ip) / ICMP(id=ident, seq=9) / Raw(b"alive"))
    result(case="ping-after", outcome="reply" if echo_reply(peer, ident) is not None else "none")


def main():
    iface, margay_mac, margay_ip, own_ip, attack = sys.argv[1:6]
    args = sys.argv[6:]
    # A seed per attack: two attacks must not reuse ports and sequence numbers (Margay keeps TIME-WAIT).
    random.seed(os.environ.get("MARGAY_PEER_SEED", "9") + "-" + attack)
    peer = Peer(iface, margay_mac, margay_ip, own_ip)
    if attack == "rfc5961":
        rfc5961(peer, int(args[0]))
    elif attack == "bad-options":
        bad_options(peer, int(args[0]))
    elif attack == "bogus-sack":
        bogus_sack(peer, int(args[0]), args[1], int(args[2]))
    elif attack == "zero-window":
        zero_window(peer, int(args[0]), args[1], int(args[2]), float(args[3]))
    elif attack == "fragments":
        fragments(peer)
    else:
        raise SystemExit("unknown attack " + attack)


if __name__ == "__main__":
    main()
