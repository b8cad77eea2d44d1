package org.margay.decode;

import java.util.List;

/**
 * Hand-built frames for the formatter tests, and what tcpdump 4.99.3 ({@code TZ=GMT0 tcpdump -n -r}) and
 * tshark 4.0.17 printed for them. Frame {@code i} of each list is timestamped 1700000000 + i seconds and
 * 123456 microseconds. Made by a throwaway script that wrote the frames to pcap files and ran both tools.
 */
final class TestVectors {
    private TestVectors() {
    }

    /** One captured frame: its bytes in hex and its length on the wire. */
    record Frame(String hex, long originalLength) {
    }

    /** LINKTYPE 1 frames. */
    static final int ETHERNET_LINK_TYPE = 1;

    /** The frames. */
    static final List<Frame> ETHERNET = List.of(
            new Frame("02000000000202000000000108004500003c00014000400626b90a0000010a0000029c401e61000003e800000000a002faf0769b0000020405b40402080a000003e80000000001030307", 74),
            new Frame("02000000000102000000000208004500003c00024000400626b80a0000020a0000011e619c4000001388000003e9a012fe8857990000020405b40402080a000007d0000003e801030308", 74),
            new Frame("02000000000202000000000108004500003400034000400626bf0a0000010a0000029c401e61000003e900001389801001f682f800000101080a000003e9000007d0", 66),
            new Frame("02000000000202000000000108004500004600044000400626ac0a0000010a0000029c401e61000003e900001389801801f6a43d00000101080a000003ea000007d0474554202f20485454502f312e300d0a0d0a", 84),
            new Frame("02000000000102000000000208004500003400054000400626bd0a0000020a0000011e619c4000001389000003fb801001fd695a00000101050a000013ed00001451", 66),
            new Frame("02000000000102000000000208004502002800064000400626c60a0000020a0000011e619c4000001389000003fb503101fdd5b30007", 54),
            new Frame("02000000000202000000000108004500003e00074000010665b10a0000010a0000029c401e61000003fb0000138a7014000087fe0000fe06f9891234010172657365743a200102ff20627965", 76),
            new Frame("02000000000202000000000108004500003000084000400626be0a0000010a0000029c41115b0000004d0000000070c204000936000022021c0281f40000", 62),
            new Frame("02000000000202000000000108004500002200090000401166c00a0000010a00000214ea270f000e85a9616263646566", 48),
            new Frame("02000000000202000000000108004500001f000a0000401166c20a0000010a00000204d2162e000bdea478797a", 45),
            new Frame("020000000002020000000001080045000022000b0000401166be0a0000010a00000204d2162e000e00006e6f2073756d", 48),
            new Frame("020000000002020000000001080045000021000c0000401166be0a0000010a000002045708ae0028000073686f7274", 47),
            new Frame("020000000002020000000001080045000030000d0000400166be0a0000010a00000208001ef71234000170696e6720646174612030313233343536373839", 62),
            new Frame("020000000001020000000002080045000030000e0000400166bd0a0000020a000001000027f61234000170696e6720646174612030313233343536373839", 62),
            new Frame("020000000001020000000002080045c00040000f0000400165ec0a0000020a00000103035384000000004500003a006300004011664e0a0000010a00000282350d0500264d473031323334353637", 78),
            new Frame("020000000001020000000002080045000038001000004001a903c0a807090a0000010b0036760000000045000028006240000106a7bc0a000001c0a807099c401e61000003e8", 70),
            new Frame("020000000001020000000002080045000038001100004001a902c0a807090a000001030438fa0000057845000028006240000106a7bc0a000001c0a807099c401e61000003e8", 70),
            new Frame("02000000000202000000000108004500001c00120000400166cd0a0000010a0000022a01d5fe00000000", 42),
            new Frame("ffffffffffff020000000001080600010800060400010200000000010a0000010000000000000a000002000000000000000000000000000000000000", 60),
            new Frame("020000000001020000000002080600010800060400020200000000020a0000020200000000010a000001", 42),
            new Frame("0200000000020200000000018100b06408004500002000134000401126b80a0000010a00000200070007000c13eb766c616e", 50),
            new Frame("02000000000202000000000188a800c88100012c08004500002b00144000400626b70a0000010a0000020016c350000000010000000250180064fc850000737368", 65),
            new Frame("02000000000202000000000108004800002b001500004011dead0a0000010a000002070b080a000001000000000000010002000b08626f7074", 57),
            new Frame("02000000000202000000000108004500002c00162000401146a90a0000010a0000020fa00fa100304ecd46464646464646464646464646464646", 58),
            new Frame("02000000000202000000000108004500002c00160003401166a60a0000010a000002464646464646464646464646464646464646464646464646", 58),
            new Frame("02000000000202000000000108004500003c00174000400626a30a0000010a0000029c421e610000000900000000a002faf07a780000020405b40402080a", 74),
            new Frame("02000000000202000000000108004500003c001740004006", 74),
            new Frame("02000000000202000000", 74));

    /** tcpdump -n . */
    static final String ETHERNET_PLAIN = ""
            + "22:13:20.123456 IP 10.0.0.1.40000 > 10.0.0.2.7777: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0\n"
            + "22:13:21.123456 IP 10.0.0.2.7777 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1001, win 65160, options [mss 1460,sackOK,TS val 2000 ecr 1000,nop,wscale 8], length 0\n"
            + "22:13:22.123456 IP 10.0.0.1.40000 > 10.0.0.2.7777: Flags [.], ack 1, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0\n"
            + "22:13:23.123456 IP 10.0.0.1.40000 > 10.0.0.2.7777: Flags [P.], seq 1:19, ack 1, win 502, options [nop,nop,TS val 1002 ecr 2000], length 18\n"
            + "22:13:24.123456 IP 10.0.0.2.7777 > 10.0.0.1.40000: Flags [.], ack 19, win 509, options [nop,nop,sack 1 {4101:4201}], length 0\n"
            + "22:13:25.123456 IP 10.0.0.2.7777 > 10.0.0.1.40000: Flags [F.U], seq 1, ack 19, win 509, urg 7, length 0\n"
            + "22:13:26.123456 IP 10.0.0.1.40000 > 10.0.0.2.7777: Flags [R.], seq 19:33, ack 2, win 0, options [exp-tfo (invalid),nop,nop], length 14\n"
            + "22:13:27.123456 IP 10.0.0.1.40001 > 10.0.0.2.4443: Flags [SEW], seq 77, win 1024, options [tfo  cookiereq,uto 0x81f4 16634[len 2],eol], length 0\n"
            + "22:13:28.123456 IP 10.0.0.1.5354 > 10.0.0.2.9999: UDP, length 6\n"
            + "22:13:29.123456 IP 10.0.0.1.1234 > 10.0.0.2.5678: UDP, length 3\n"
            + "22:13:30.123456 IP 10.0.0.1.1234 > 10.0.0.2.5678: UDP, length 6\n"
            + "22:13:31.123456 IP 10.0.0.1.1111 > 10.0.0.2.2222: UDP, bad length 32 > 5\n"
            + "22:13:32.123456 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 4660, seq 1, length 28\n"
            + "22:13:33.123456 IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 4660, seq 1, length 28\n"
            + "22:13:34.123456 IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 3333 unreachable, length 44\n"
            + "22:13:35.123456 IP 192.168.7.9 > 10.0.0.1: ICMP time exceeded in-transit, length 36\n"
            + "22:13:36.123456 IP 192.168.7.9 > 10.0.0.1: ICMP 192.168.7.9 unreachable - need to frag (mtu 1400), length 36\n"
            + "22:13:37.123456 IP 10.0.0.1 > 10.0.0.2: ICMP type-#42, length 8\n"
            + "22:13:38.123456 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 46\n"
            + "22:13:39.123456 ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28\n"
            + "22:13:40.123456 IP 10.0.0.1.7 > 10.0.0.2.7: UDP, length 4\n"
            + "22:13:41.123456 IP 10.0.0.1.22 > 10.0.0.2.50000: Flags [P.], seq 1:4, ack 2, win 100, length 3\n"
            + "22:13:42.123456 IP 10.0.0.1.1 > 10.0.0.2.2: UDP, length 3\n"
            + "22:13:43.123456 IP 10.0.0.1.4000 > 10.0.0.2.4001: UDP, length 40\n"
            + "22:13:44.123456 IP 10.0.0.1 > 10.0.0.2: ip-proto-17\n"
            + "22:13:45.123456 IP 10.0.0.1.40002 > 10.0.0.2.7777: Flags [S], seq 9, win 64240, options [mss 1460,sackOK,TS [|tcp]>\n"
            + "22:13:46.123456 IP  [|ip]\n"
            + "22:13:47.123456  [|ether]\n";

    /** tcpdump -n -e -vv. */
    static final String ETHERNET_LINK_VERBOSE2 = ""
            + "22:13:20.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 74: (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)\n"
            + "    10.0.0.1.40000 > 10.0.0.2.7777: Flags [S], cksum 0x769b (correct), seq 1000, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0\n"
            + "22:13:21.123456 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 74: (tos 0x0, ttl 64, id 2, offset 0, flags [DF], proto TCP (6), length 60)\n"
            + "    10.0.0.2.7777 > 10.0.0.1.40000: Flags [S.], cksum 0x5799 (correct), seq 5000, ack 1001, win 65160, options [mss 1460,sackOK,TS val 2000 ecr 1000,nop,wscale 8], length 0\n"
            + "22:13:22.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 66: (tos 0x0, ttl 64, id 3, offset 0, flags [DF], proto TCP (6), length 52)\n"
            + "    10.0.0.1.40000 > 10.0.0.2.7777: Flags [.], cksum 0x82f8 (correct), seq 1, ack 1, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0\n"
            + "22:13:23.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 84: (tos 0x0, ttl 64, id 4, offset 0, flags [DF], proto TCP (6), length 70)\n"
            + "    10.0.0.1.40000 > 10.0.0.2.7777: Flags [P.], cksum 0xa43d (correct), seq 1:19, ack 1, win 502, options [nop,nop,TS val 1002 ecr 2000], length 18\n"
            + "22:13:24.123456 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 66: (tos 0x0, ttl 64, id 5, offset 0, flags [DF], proto TCP (6), length 52)\n"
            + "    10.0.0.2.7777 > 10.0.0.1.40000: Flags [.], cksum 0x695a (correct), seq 1, ack 19, win 509, options [nop,nop,sack 1 {4101:4201}], length 0\n"
            + "22:13:25.123456 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 54: (tos 0x2,ECT(0), ttl 64, id 6, offset 0, flags [DF], proto TCP (6), length 40)\n"
            + "    10.0.0.2.7777 > 10.0.0.1.40000: Flags [F.U], cksum 0xd5b3 (incorrect -> 0xc787), seq 1, ack 19, win 509, urg 7, length 0\n"
            + "22:13:26.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 76: (tos 0x0, ttl 1, id 7, offset 0, flags [DF], proto TCP (6), length 62)\n"
            + "    10.0.0.1.40000 > 10.0.0.2.7777: Flags [R.], cksum 0x87fe (correct), seq 19:33, ack 2, win 0, options [exp-tfo (invalid),nop,nop], length 14 [RST reset: ^A^BM-^? bye]\n"
            + "22:13:27.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 62: (tos 0x0, ttl 64, id 8, offset 0, flags [DF], proto TCP (6), length 48)\n"
            + "    10.0.0.1.40001 > 10.0.0.2.4443: Flags [SEW], cksum 0x0936 (correct), seq 77, win 1024, options [tfo  cookiereq,uto 0x81f4 16634[len 2],eol], length 0\n"
            + "22:13:28.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 48: (tos 0x0, ttl 64, id 9, offset 0, flags [none], proto UDP (17), length 34)\n"
            + "    10.0.0.1.5354 > 10.0.0.2.9999: [udp sum ok] UDP, length 6\n"
            + "22:13:29.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 45: (tos 0x0, ttl 64, id 10, offset 0, flags [none], proto UDP (17), length 31)\n"
            + "    10.0.0.1.1234 > 10.0.0.2.5678: [bad udp cksum 0xdea4 -> 0xde5b!] UDP, length 3\n"
            + "22:13:30.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 48: (tos 0x0, ttl 64, id 11, offset 0, flags [none], proto UDP (17), length 34)\n"
            + "    10.0.0.1.1234 > 10.0.0.2.5678: [no cksum] UDP, length 6\n"
            + "22:13:31.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 47: (tos 0x0, ttl 64, id 12, offset 0, flags [none], proto UDP (17), length 33)\n"
            + "    10.0.0.1.1111 > 10.0.0.2.2222: [no cksum] UDP, bad length 32 > 5\n"
            + "22:13:32.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 62: (tos 0x0, ttl 64, id 13, offset 0, flags [none], proto ICMP (1), length 48)\n"
            + "    10.0.0.1 > 10.0.0.2: ICMP echo request, id 4660, seq 1, length 28\n"
            + "22:13:33.123456 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 62: (tos 0x0, ttl 64, id 14, offset 0, flags [none], proto ICMP (1), length 48)\n"
            + "    10.0.0.2 > 10.0.0.1: ICMP echo reply, id 4660, seq 1, length 28 (wrong icmp cksum 27f6 (->26f7)!)\n"
            + "22:13:34.123456 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 78: (tos 0xc0, ttl 64, id 15, offset 0, flags [none], proto ICMP (1), length 64)\n"
            + "    10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 3333 unreachable, length 44\n"
            + "\t(tos 0x0, ttl 64, id 99, offset 0, flags [none], proto UDP (17), length 58)\n"
            + "    10.0.0.1.33333 > 10.0.0.2.3333: UDP, length 30\n"
            + "22:13:35.123456 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 70: (tos 0x0, ttl 64, id 16, offset 0, flags [none], proto ICMP (1), length 56)\n"
            + "    192.168.7.9 > 10.0.0.1: ICMP time exceeded in-transit, length 36\n"
            + "\t(tos 0x0, ttl 1, id 98, offset 0, flags [DF], proto TCP (6), length 40)\n"
            + "    10.0.0.1.40000 > 192.168.7.9.7777:  [|tcp]\n"
            + "22:13:36.123456 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 70: (tos 0x0, ttl 64, id 17, offset 0, flags [none], proto ICMP (1), length 56)\n"
            + "    192.168.7.9 > 10.0.0.1: ICMP 192.168.7.9 unreachable - need to frag (mtu 1400), length 36\n"
            + "\t(tos 0x0, ttl 1, id 98, offset 0, flags [DF], proto TCP (6), length 40)\n"
            + "    10.0.0.1.40000 > 192.168.7.9.7777:  [|tcp]\n"
            + "22:13:37.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 42: (tos 0x0, ttl 64, id 18, offset 0, flags [none], proto ICMP (1), length 28)\n"
            + "    10.0.0.1 > 10.0.0.2: ICMP type-#42, length 8\n"
            + "22:13:38.123456 02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), length 60: Ethernet (len 6), IPv4 (len 4), Request who-has 10.0.0.2 tell 10.0.0.1, length 46\n"
            + "22:13:39.123456 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype ARP (0x0806), length 42: Ethernet (len 6), IPv4 (len 4), Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28\n"
            + "22:13:40.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype 802.1Q (0x8100), length 50: vlan 100, p 5, DEI, ethertype IPv4 (0x0800), (tos 0x0, ttl 64, id 19, offset 0, flags [DF], proto UDP (17), length 32)\n"
            + "    10.0.0.1.7 > 10.0.0.2.7: [udp sum ok] UDP, length 4\n"
            + "22:13:41.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype 802.1Q-QinQ (0x88a8), length 65: vlan 200, p 0, ethertype 802.1Q (0x8100), vlan 300, p 0, ethertype IPv4 (0x0800), (tos 0x0, ttl 64, id 20, offset 0, flags [DF], proto TCP (6), length 43)\n"
            + "    10.0.0.1.22 > 10.0.0.2.50000: Flags [P.], cksum 0xfc85 (correct), seq 1:4, ack 2, win 100, length 3\n"
            + "22:13:42.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 57: (tos 0x0, ttl 64, id 21, offset 0, flags [none], proto UDP (17), length 43, options (RR 10.0.0.1, 0.0.0.0,EOL), bad cksum dead (->5396)!)\n"
            + "    10.0.0.1.1 > 10.0.0.2.2: [udp sum ok] UDP, length 3\n"
            + "22:13:43.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 58: (tos 0x0, ttl 64, id 22, offset 0, flags [+], proto UDP (17), length 44)\n"
            + "    10.0.0.1.4000 > 10.0.0.2.4001: UDP, length 40\n"
            + "22:13:44.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 58: (tos 0x0, ttl 64, id 22, offset 24, flags [none], proto UDP (17), length 44)\n"
            + "    10.0.0.1 > 10.0.0.2: ip-proto-17\n"
            + "22:13:45.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 74: (tos 0x0, ttl 64, id 23, offset 0, flags [DF], proto TCP (6), length 60)\n"
            + "    10.0.0.1.40002 > 10.0.0.2.7777: Flags [S], seq 9, win 64240, options [mss 1460,sackOK,TS [|tcp]>\n"
            + "22:13:46.123456 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4 (0x0800), length 74:  [|ip]\n"
            + "22:13:47.123456  [|ether]\n";

    /** tcpdump -n -q -tt. */
    static final String ETHERNET_QUIET_EPOCH = ""
            + "1700000000.123456 IP 10.0.0.1.40000 > 10.0.0.2.7777: tcp 0\n"
            + "1700000001.123456 IP 10.0.0.2.7777 > 10.0.0.1.40000: tcp 0\n"
            + "1700000002.123456 IP 10.0.0.1.40000 > 10.0.0.2.7777: tcp 0\n"
            + "1700000003.123456 IP 10.0.0.1.40000 > 10.0.0.2.7777: tcp 18\n"
            + "1700000004.123456 IP 10.0.0.2.7777 > 10.0.0.1.40000: tcp 0\n"
            + "1700000005.123456 IP 10.0.0.2.7777 > 10.0.0.1.40000: tcp 0\n"
            + "1700000006.123456 IP 10.0.0.1.40000 > 10.0.0.2.7777: tcp 14\n"
            + "1700000007.123456 IP 10.0.0.1.40001 > 10.0.0.2.4443: tcp 0\n"
            + "1700000008.123456 IP 10.0.0.1.5354 > 10.0.0.2.9999: UDP, length 6\n"
            + "1700000009.123456 IP 10.0.0.1.1234 > 10.0.0.2.5678: UDP, length 3\n"
            + "1700000010.123456 IP 10.0.0.1.1234 > 10.0.0.2.5678: UDP, length 6\n"
            + "1700000011.123456 IP 10.0.0.1.1111 > 10.0.0.2.2222: UDP, bad length 32 > 5\n"
            + "1700000012.123456 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 4660, seq 1, length 28\n"
            + "1700000013.123456 IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 4660, seq 1, length 28\n"
            + "1700000014.123456 IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 3333 unreachable, length 44\n"
            + "1700000015.123456 IP 192.168.7.9 > 10.0.0.1: ICMP time exceeded in-transit, length 36\n"
            + "1700000016.123456 IP 192.168.7.9 > 10.0.0.1: ICMP 192.168.7.9 unreachable - need to frag (mtu 1400), length 36\n"
            + "1700000017.123456 IP 10.0.0.1 > 10.0.0.2: ICMP type-#42, length 8\n"
            + "1700000018.123456 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 46\n"
            + "1700000019.123456 ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28\n"
            + "1700000020.123456 IP 10.0.0.1.7 > 10.0.0.2.7: UDP, length 4\n"
            + "1700000021.123456 IP 10.0.0.1.22 > 10.0.0.2.50000: tcp 3\n"
            + "1700000022.123456 IP 10.0.0.1.1 > 10.0.0.2.2: UDP, length 3\n"
            + "1700000023.123456 IP 10.0.0.1.4000 > 10.0.0.2.4001: UDP, length 40\n"
            + "1700000024.123456 IP 10.0.0.1 > 10.0.0.2: ip-proto-17\n"
            + "1700000025.123456 IP 10.0.0.1.40002 > 10.0.0.2.7777: tcp 0\n"
            + "1700000026.123456 IP  [|ip]\n"
            + "1700000027.123456  [|ether]\n";

    /** tcpdump -n -v -tttt. */
    static final String ETHERNET_VERBOSE_DATE = ""
            + "2023-11-14 22:13:20.123456 IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 60)\n"
            + "    10.0.0.1.40000 > 10.0.0.2.7777: Flags [S], cksum 0x769b (correct), seq 1000, win 64240, options [mss 1460,sackOK,TS val 1000 ecr 0,nop,wscale 7], length 0\n"
            + "2023-11-14 22:13:21.123456 IP (tos 0x0, ttl 64, id 2, offset 0, flags [DF], proto TCP (6), length 60)\n"
            + "    10.0.0.2.7777 > 10.0.0.1.40000: Flags [S.], cksum 0x5799 (correct), seq 5000, ack 1001, win 65160, options [mss 1460,sackOK,TS val 2000 ecr 1000,nop,wscale 8], length 0\n"
            + "2023-11-14 22:13:22.123456 IP (tos 0x0, ttl 64, id 3, offset 0, flags [DF], proto TCP (6), length 52)\n"
            + "    10.0.0.1.40000 > 10.0.0.2.7777: Flags [.], cksum 0x82f8 (correct), ack 1, win 502, options [nop,nop,TS val 1001 ecr 2000], length 0\n"
            + "2023-11-14 22:13:23.123456 IP (tos 0x0, ttl 64, id 4, offset 0, flags [DF], proto TCP (6), length 70)\n"
            + "    10.0.0.1.40000 > 10.0.0.2.7777: Flags [P.], cksum 0xa43d (correct), seq 1:19, ack 1, win 502, options [nop,nop,TS val 1002 ecr 2000], length 18\n"
            + "2023-11-14 22:13:24.123456 IP (tos 0x0, ttl 64, id 5, offset 0, flags [DF], proto TCP (6), length 52)\n"
            + "    10.0.0.2.7777 > 10.0.0.1.40000: Flags [.], cksum 0x695a (correct), ack 19, win 509, options [nop,nop,sack 1 {4101:4201}], length 0\n"
            + "2023-11-14 22:13:25.123456 IP (tos 0x2,ECT(0), ttl 64, id 6, offset 0, flags [DF], proto TCP (6), length 40)\n"
            + "    10.0.0.2.7777 > 10.0.0.1.40000: Flags [F.U], cksum 0xd5b3 (incorrect -> 0xc787), seq 1, ack 19, win 509, urg 7, length 0\n"
            + "2023-11-14 22:13:26.123456 IP (tos 0x0, ttl 1, id 7, offset 0, flags [DF], proto TCP (6), length 62)\n"
            + "    10.0.0.1.40000 > 10.0.0.2.7777: Flags [R.], cksum 0x87fe (correct), seq 19:33, ack 2, win 0, options [exp-tfo (invalid),nop,nop], length 14 [RST reset: ^A^BM-^? bye]\n"
            + "2023-11-14 22:13:27.123456 IP (tos 0x0, ttl 64, id 8, offset 0, flags [DF], proto TCP (6), length 48)\n"
            + "    10.0.0.1.40001 > 10.0.0.2.4443: Flags [SEW], cksum 0x0936 (correct), seq 77, win 1024, options [tfo  cookiereq,uto 0x81f4 16634[len 2],eol], length 0\n"
            + "2023-11-14 22:13:28.123456 IP (tos 0x0, ttl 64, id 9, offset 0, flags [none], proto UDP (17), length 34)\n"
            + "    10.0.0.1.5354 > 10.0.0.2.9999: UDP, length 6\n"
            + "2023-11-14 22:13:29.123456 IP (tos 0x0, ttl 64, id 10, offset 0, flags [none], proto UDP (17), length 31)\n"
            + "    10.0.0.1.1234 > 10.0.0.2.5678: UDP, length 3\n"
            + "2023-11-14 22:13:30.123456 IP (tos 0x0, ttl 64, id 11, offset 0, flags [none], proto UDP (17), length 34)\n"
            + "    10.0.0.1.1234 > 10.0.0.2.5678: UDP, length 6\n"
            + "2023-11-14 22:13:31.123456 IP (tos 0x0, ttl 64, id 12, offset 0, flags [none], proto UDP (17), length 33)\n"
            + "    10.0.0.1.1111 > 10.0.0.2.2222: UDP, bad length 32 > 5\n"
            + "2023-11-14 22:13:32.123456 IP (tos 0x0, ttl 64, id 13, offset 0, flags [none], proto ICMP (1), length 48)\n"
            + "    10.0.0.1 > 10.0.0.2: ICMP echo request, id 4660, seq 1, length 28\n"
            + "2023-11-14 22:13:33.123456 IP (tos 0x0, ttl 64, id 14, offset 0, flags [none], proto ICMP (1), length 48)\n"
            + "    10.0.0.2 > 10.0.0.1: ICMP echo reply, id 4660, seq 1, length 28 (wrong icmp cksum 27f6 (->26f7)!)\n"
            + "2023-11-14 22:13:34.123456 IP (tos 0xc0, ttl 64, id 15, offset 0, flags [none], proto ICMP (1), length 64)\n"
            + "    10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 3333 unreachable, length 44\n"
            + "\tIP (tos 0x0, ttl 64, id 99, offset 0, flags [none], proto UDP (17), length 58)\n"
            + "    10.0.0.1.33333 > 10.0.0.2.3333: UDP, length 30\n"
            + "2023-11-14 22:13:35.123456 IP (tos 0x0, ttl 64, id 16, offset 0, flags [none], proto ICMP (1), length 56)\n"
            + "    192.168.7.9 > 10.0.0.1: ICMP time exceeded in-transit, length 36\n"
            + "\tIP (tos 0x0, ttl 1, id 98, offset 0, flags [DF], proto TCP (6), length 40)\n"
            + "    10.0.0.1.40000 > 192.168.7.9.7777:  [|tcp]\n"
            + "2023-11-14 22:13:36.123456 IP (tos 0x0, ttl 64, id 17, offset 0, flags [none], proto ICMP (1), length 56)\n"
            + "    192.168.7.9 > 10.0.0.1: ICMP 192.168.7.9 unreachable - need to frag (mtu 1400), length 36\n"
            + "\tIP (tos 0x0, ttl 1, id 98, offset 0, flags [DF], proto TCP (6), length 40)\n"
            + "    10.0.0.1.40000 > 192.168.7.9.7777:  [|tcp]\n"
            + "2023-11-14 22:13:37.123456 IP (tos 0x0, ttl 64, id 18, offset 0, flags [none], proto ICMP (1), length 28)\n"
            + "    10.0.0.1 > 10.0.0.2: ICMP type-#42, length 8\n"
            + "2023-11-14 22:13:38.123456 ARP, Ethernet (len 6), IPv4 (len 4), Request who-has 10.0.0.2 tell 10.0.0.1, length 46\n"
            + "2023-11-14 22:13:39.123456 ARP, Ethernet (len 6), IPv4 (len 4), Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28\n"
            + "2023-11-14 22:13:40.123456 IP (tos 0x0, ttl 64, id 19, offset 0, flags [DF], proto UDP (17), length 32)\n"
            + "    10.0.0.1.7 > 10.0.0.2.7: UDP, length 4\n"
            + "2023-11-14 22:13:41.123456 IP (tos 0x0, ttl 64, id 20, offset 0, flags [DF], proto TCP (6), length 43)\n"
            + "    10.0.0.1.22 > 10.0.0.2.50000: Flags [P.], cksum 0xfc85 (correct), seq 1:4, ack 2, win 100, length 3\n"
            + "2023-11-14 22:13:42.123456 IP (tos 0x0, ttl 64, id 21, offset 0, flags [none], proto UDP (17), length 43, options (RR 10.0.0.1, 0.0.0.0,EOL), bad cksum dead (->5396)!)\n"
            + "    10.0.0.1.1 > 10.0.0.2.2: UDP, length 3\n"
            + "2023-11-14 22:13:43.123456 IP (tos 0x0, ttl 64, id 22, offset 0, flags [+], proto UDP (17), length 44)\n"
            + "    10.0.0.1.4000 > 10.0.0.2.4001: UDP, length 40\n"
            + "2023-11-14 22:13:44.123456 IP (tos 0x0, ttl 64, id 22, offset 24, flags [none], proto UDP (17), length 44)\n"
            + "    10.0.0.1 > 10.0.0.2: ip-proto-17\n"
            + "2023-11-14 22:13:45.123456 IP (tos 0x0, ttl 64, id 23, offset 0, flags [DF], proto TCP (6), length 60)\n"
            + "    10.0.0.1.40002 > 10.0.0.2.7777: Flags [S], seq 9, win 64240, options [mss 1460,sackOK,TS [|tcp]>\n"
            + "2023-11-14 22:13:46.123456 IP  [|ip]\n"
            + "2023-11-14 22:13:47.123456  [|ether]\n";

    /** LINKTYPE 113 frames. */
    static final int LINUX_SLL_LINK_TYPE = 113;

    /** The frames. */
    static final List<Frame> LINUX_SLL = List.of(
            new Frame("0004000100060200000000010000080045000028001e4000400626b00a0000010a000002000100020000000300000004501000059bc30000", 56),
            new Frame("0000030400000000000000000000080600010800060400010200000000010a0000010000000000000a000002", 44));

    /** tcpdump -n . */
    static final String LINUX_SLL_PLAIN = ""
            + "22:13:20.123456 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.], ack 4, win 5, length 0\n"
            + "22:13:21.123456 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28\n";

    /** tcpdump -n -e -vv. */
    static final String LINUX_SLL_LINK_VERBOSE2 = ""
            + "22:13:20.123456 Out 02:00:00:00:00:01 ethertype IPv4 (0x0800), length 56: (tos 0x0, ttl 64, id 30, offset 0, flags [DF], proto TCP (6), length 40)\n"
            + "    10.0.0.1.1 > 10.0.0.2.2: Flags [.], cksum 0x9bc3 (correct), seq 3, ack 4, win 5, length 0\n"
            + "22:13:21.123456  In ethertype ARP (0x0806), length 44: Ethernet (len 6), IPv4 (len 4), Request who-has 10.0.0.2 tell 10.0.0.1, length 28\n";

    /** tcpdump -n -q -tt. */
    static final String LINUX_SLL_QUIET_EPOCH = ""
            + "1700000000.123456 IP 10.0.0.1.1 > 10.0.0.2.2: tcp 0\n"
            + "1700000001.123456 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28\n";

    /** tcpdump -n -v -tttt. */
    static final String LINUX_SLL_VERBOSE_DATE = ""
            + "2023-11-14 22:13:20.123456 IP (tos 0x0, ttl 64, id 30, offset 0, flags [DF], proto TCP (6), length 40)\n"
            + "    10.0.0.1.1 > 10.0.0.2.2: Flags [.], cksum 0x9bc3 (correct), ack 4, win 5, length 0\n"
            + "2023-11-14 22:13:21.123456 ARP, Ethernet (len 6), IPv4 (len 4), Request who-has 10.0.0.2 tell 10.0.0.1, length 28\n";

    /** LINKTYPE 0 frames. */
    static final int LOOPBACK_LINK_TYPE = 0;

    /** The frames. */
    static final List<Frame> LOOPBACK = List.of(
            new Frame("0200000045000020001f4000401126ac0a0000010a00000200090009000c10e06e756c6c", 36),
            new Frame("000000024500001c00204000400126bf0a0000010a0000020800f7fc00010002", 32));

    /** tcpdump -n . */
    static final String LOOPBACK_PLAIN = ""
            + "22:13:20.123456 IP 10.0.0.1.9 > 10.0.0.2.9: UDP, length 4\n"
            + "22:13:21.123456 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 8\n";

    /** tcpdump -n -e -vv. */
    static final String LOOPBACK_LINK_VERBOSE2 = ""
            + "22:13:20.123456 AF IPv4 (2), length 36: (tos 0x0, ttl 64, id 31, offset 0, flags [DF], proto UDP (17), length 32)\n"
            + "    10.0.0.1.9 > 10.0.0.2.9: [udp sum ok] UDP, length 4\n"
            + "22:13:21.123456 AF IPv4 (2), length 32: (tos 0x0, ttl 64, id 32, offset 0, flags [DF], proto ICMP (1), length 28)\n"
            + "    10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 8\n";

    /** tcpdump -n -q -tt. */
    static final String LOOPBACK_QUIET_EPOCH = ""
            + "1700000000.123456 IP 10.0.0.1.9 > 10.0.0.2.9: UDP, length 4\n"
            + "1700000001.123456 IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 8\n";

    /** tcpdump -n -v -tttt. */
    static final String LOOPBACK_VERBOSE_DATE = ""
            + "2023-11-14 22:13:20.123456 IP (tos 0x0, ttl 64, id 31, offset 0, flags [DF], proto UDP (17), length 32)\n"
            + "    10.0.0.1.9 > 10.0.0.2.9: UDP, length 4\n"
            + "2023-11-14 22:13:21.123456 IP (tos 0x0, ttl 64, id 32, offset 0, flags [DF], proto ICMP (1), length 28)\n"
            + "    10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 8\n";

    /** LINKTYPE 101 frames. */
    static final int RAW_IP_LINK_TYPE = 101;

    /** The frames. */
    static final List<Frame> RAW_IP = List.of(
            new Frame("4500001f00214000401126ab0a0000010a000002000a000b000b025f726177", 31),
            new Frame("4500002800224000400626ac0a0000010a000002000c000d0000000e0000000f500200109b9a0000", 40));

    /** tcpdump -n . */
    static final String RAW_IP_PLAIN = ""
            + "22:13:20.123456 IP 10.0.0.1.10 > 10.0.0.2.11: UDP, length 3\n"
            + "22:13:21.123456 IP 10.0.0.1.12 > 10.0.0.2.13: Flags [S], seq 14, win 16, length 0\n";

    /** tcpdump -n -e -vv. */
    static final String RAW_IP_LINK_VERBOSE2 = ""
            + "22:13:20.123456 ip: (tos 0x0, ttl 64, id 33, offset 0, flags [DF], proto UDP (17), length 31)\n"
            + "    10.0.0.1.10 > 10.0.0.2.11: [udp sum ok] UDP, length 3\n"
            + "22:13:21.123456 ip: (tos 0x0, ttl 64, id 34, offset 0, flags [DF], proto TCP (6), length 40)\n"
            + "    10.0.0.1.12 > 10.0.0.2.13: Flags [S], cksum 0x9b9a (correct), seq 14, win 16, length 0\n";

    /** tcpdump -n -q -tt. */
    static final String RAW_IP_QUIET_EPOCH = ""
            + "1700000000.123456 IP 10.0.0.1.10 > 10.0.0.2.11: UDP, length 3\n"
            + "1700000001.123456 IP 10.0.0.1.12 > 10.0.0.2.13: tcp 0\n";

    /** tcpdump -n -v -tttt. */
    static final String RAW_IP_VERBOSE_DATE = ""
            + "2023-11-14 22:13:20.123456 IP (tos 0x0, ttl 64, id 33, offset 0, flags [DF], proto UDP (17), length 31)\n"
            + "    10.0.0.1.10 > 10.0.0.2.11: UDP, length 3\n"
            + "2023-11-14 22:13:21.123456 IP (tos 0x0, ttl 64, id 34, offset 0, flags [DF], proto TCP (6), length 40)\n"
            + "    10.0.0.1.12 > 10.0.0.2.13: Flags [S], cksum 0x9b9a (correct), seq 14, win 16, length 0\n";

    /** tshark -T fields over ETHERNET, header included; the approximate columns blanked. */
    static final String ETHERNET_TSHARK = ""
            + "frame.number\tframe.time_epoch\tframe.len\tframe.cap_len\tframe.protocols\teth.src\teth.dst\teth.type\tvlan.id\tarp.opcode\tarp.src.hw_mac\tarp.src.proto_ipv4\tarp.dst.hw_mac\tarp.dst.proto_ipv4\tip.version\tip.hdr_len\tip.dsfield\tip.len\tip.id\tip.flags\tip.frag_offset\tip.ttl\tip.proto\tip.checksum\tip.checksum.status\tip.src\tip.dst\tip.reassembled_in\ticmp.type\ticmp.code\ticmp.checksum\ticmp.checksum.status\ticmp.ident\ticmp.seq\tudp.srcport\tudp.dstport\tudp.length\tudp.checksum\tudp.checksum.status\ttcp.srcport\ttcp.dstport\ttcp.seq_raw\ttcp.ack_raw\ttcp.hdr_len\ttcp.flags\ttcp.window_size_value\ttcp.window_size_scalefactor\ttcp.checksum\ttcp.checksum.status\ttcp.urgent_pointer\ttcp.options.mss_val\ttcp.options.wscale.shift\ttcp.options.sack_perm\ttcp.options.sack_le\ttcp.options.sack_re\ttcp.options.timestamp.tsval\ttcp.options.timestamp.tsecr\ttcp.len\t_ws.expert.message\t_ws.col.Info\n"
            + "1\t1700000000.123456000\t74\t74\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t60\t0x0001\t0x02\t0\t64\t6\t0x26b9\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t\t\t\t\t\t40000\t7777\t1000\t0\t40\t0x0002\t64240\t\t0x769b\t1\t0\t1460\t7\t0402\t\t\t1000\t0\t0\t\t\n"
            + "2\t1700000001.123456000\t74\t74\t\t02:00:00:00:00:02\t02:00:00:00:00:01\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t60\t0x0002\t0x02\t0\t64\t6\t0x26b8\t1\t10.0.0.2\t10.0.0.1\t\t\t\t\t\t\t\t\t\t\t\t\t7777\t40000\t5000\t1001\t40\t0x0012\t65160\t\t0x5799\t1\t0\t1460\t8\t0402\t\t\t2000\t1000\t0\t\t\n"
            + "3\t1700000002.123456000\t66\t66\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t52\t0x0003\t0x02\t0\t64\t6\t0x26bf\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t\t\t\t\t\t40000\t7777\t1001\t5001\t32\t0x0010\t502\t128\t0x82f8\t1\t0\t\t\t\t\t\t1001\t2000\t0\t\t\n"
            + "4\t1700000003.123456000\t84\t84\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t70\t0x0004\t0x02\t0\t64\t6\t0x26ac\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t\t\t\t\t\t40000\t7777\t1001\t5001\t32\t0x0018\t502\t128\t0xa43d\t1\t0\t\t\t\t\t\t1002\t2000\t18\t\t\n"
            + "5\t1700000004.123456000\t66\t66\t\t02:00:00:00:00:02\t02:00:00:00:00:01\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t52\t0x0005\t0x02\t0\t64\t6\t0x26bd\t1\t10.0.0.2\t10.0.0.1\t\t\t\t\t\t\t\t\t\t\t\t\t7777\t40000\t5001\t1019\t32\t0x0010\t509\t256\t0x695a\t1\t0\t\t\t\t5101\t5201\t\t\t0\t\t\n"
            + "6\t1700000005.123456000\t54\t54\t\t02:00:00:00:00:02\t02:00:00:00:00:01\t0x0800\t\t\t\t\t\t\t4\t20\t0x02\t40\t0x0006\t0x02\t0\t64\t6\t0x26c6\t1\t10.0.0.2\t10.0.0.1\t\t\t\t\t\t\t\t\t\t\t\t\t7777\t40000\t5001\t1019\t20\t0x0031\t509\t256\t0xd5b3\t0\t7\t\t\t\t\t\t\t\t0\t\t\n"
            + "7\t1700000006.123456000\t76\t76\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t62\t0x0007\t0x02\t0\t1\t6\t0x65b1\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t\t\t\t\t\t40000\t7777\t1019\t5002\t28\t0x0014\t0\t128\t0x87fe\t1\t0\t\t\t\t\t\t\t\t14\t\t\n"
            + "8\t1700000007.123456000\t62\t62\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t48\t0x0008\t0x02\t0\t64\t6\t0x26be\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t\t\t\t\t\t40001\t4443\t77\t0\t28\t0x00c2\t1024\t\t0x0936\t1\t0\t\t\t\t\t\t\t\t0\t\t\n"
            + "9\t1700000008.123456000\t48\t48\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t34\t0x0009\t0x00\t0\t64\t17\t0x66c0\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t5354\t9999\t14\t0x85a9\t1\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "10\t1700000009.123456000\t45\t45\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t31\t0x000a\t0x00\t0\t64\t17\t0x66c2\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t1234\t5678\t11\t0xdea4\t0\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "11\t1700000010.123456000\t48\t48\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t34\t0x000b\t0x00\t0\t64\t17\t0x66be\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t1234\t5678\t14\t0x0000\t3\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "12\t1700000011.123456000\t47\t47\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t33\t0x000c\t0x00\t0\t64\t17\t0x66be\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t1111\t2222\t40\t0x0000\t3\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "13\t1700000012.123456000\t62\t62\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t48\t0x000d\t0x00\t0\t64\t1\t0x66be\t1\t10.0.0.1\t10.0.0.2\t\t8\t0\t0x1ef7\t1\t4660\t1\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "14\t1700000013.123456000\t62\t62\t\t02:00:00:00:00:02\t02:00:00:00:00:01\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t48\t0x000e\t0x00\t0\t64\t1\t0x66bd\t1\t10.0.0.2\t10.0.0.1\t\t0\t0\t0x27f6\t0\t4660\t1\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "15\t1700000014.123456000\t78\t78\t\t02:00:00:00:00:02\t02:00:00:00:00:01\t0x0800\t\t\t\t\t\t\t4,4\t20,20\t0xc0,0x00\t64,58\t0x000f,0x0063\t0x00,0x00\t0,0\t64,64\t1,17\t0x65ec,0x664e\t1,1\t10.0.0.2,10.0.0.1\t10.0.0.1,10.0.0.2\t\t3\t3\t0x5384\t1\t\t\t33333\t3333\t38\t0x4d47\t2\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "16\t1700000015.123456000\t70\t70\t\t02:00:00:00:00:02\t02:00:00:00:00:01\t0x0800\t\t\t\t\t\t\t4,4\t20,20\t0x00,0x00\t56,40\t0x0010,0x0062\t0x00,0x02\t0,0\t64,1\t1,6\t0xa903,0xa7bc\t1,1\t192.168.7.9,10.0.0.1\t10.0.0.1,192.168.7.9\t\t11\t0\t0x3676\t1\t\t\t\t\t\t\t\t40000\t7777\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "17\t1700000016.123456000\t70\t70\t\t02:00:00:00:00:02\t02:00:00:00:00:01\t0x0800\t\t\t\t\t\t\t4,4\t20,20\t0x00,0x00\t56,40\t0x0011,0x0062\t0x00,0x02\t0,0\t64,1\t1,6\t0xa902,0xa7bc\t1,1\t192.168.7.9,10.0.0.1\t10.0.0.1,192.168.7.9\t\t3\t4\t0x38fa\t1\t\t\t\t\t\t\t\t40000\t7777\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "18\t1700000017.123456000\t42\t42\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t28\t0x0012\t0x00\t0\t64\t1\t0x66cd\t1\t10.0.0.1\t10.0.0.2\t\t42\t1\t0xd5fe\t1\t0\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "19\t1700000018.123456000\t60\t60\t\t02:00:00:00:00:01\tff:ff:ff:ff:ff:ff\t0x0806\t\t1\t02:00:00:00:00:01\t10.0.0.1\t00:00:00:00:00:00\t10.0.0.2\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "20\t1700000019.123456000\t42\t42\t\t02:00:00:00:00:02\t02:00:00:00:00:01\t0x0806\t\t2\t02:00:00:00:00:02\t10.0.0.2\t02:00:00:00:00:01\t10.0.0.1\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "21\t1700000020.123456000\t50\t50\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x8100\t100\t\t\t\t\t\t4\t20\t0x00\t32\t0x0013\t0x02\t0\t64\t17\t0x26b8\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t7\t7\t12\t0x13eb\t1\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "22\t1700000021.123456000\t65\t65\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x88a8\t300\t\t\t\t\t\t4\t20\t0x00\t43\t0x0014\t0x02\t0\t64\t6\t0x26b7\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t\t\t\t\t\t22\t50000\t1\t2\t20\t0x0018\t100\t-1\t0xfc85\t1\t0\t\t\t\t\t\t\t\t3\t\t\n"
            + "23\t1700000022.123456000\t57\t57\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t32\t0x00\t43\t0x0015\t0x00\t0\t64\t17\t0xdead\t0\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t1\t2\t11\t0x0862\t1\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "24\t1700000023.123456000\t58\t58\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t44\t0x0016\t0x01\t0\t64\t17\t0x46a9\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "25\t1700000024.123456000\t58\t58\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t44\t0x0016\t0x00\t3\t64\t17\t0x66a6\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t4000\t4001\t48\t0x4ecd\t1\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "26\t1700000025.123456000\t74\t62\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t60\t0x0017\t0x02\t0\t64\t6\t0x26a3\t1\t10.0.0.1\t10.0.0.2\t\t\t\t\t\t\t\t\t\t\t\t\t40002\t7777\t9\t0\t40\t0x0002\t64240\t\t0x7a78\t2\t0\t1460\t\t0402\t\t\t\t\t0\t\t\n"
            + "27\t1700000026.123456000\t74\t24\t\t02:00:00:00:00:01\t02:00:00:00:00:02\t0x0800\t\t\t\t\t\t\t4\t20\t0x00\t60\t0x0017\t0x02\t0\t64\t6\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n"
            + "28\t1700000027.123456000\t74\t10\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n";
}
