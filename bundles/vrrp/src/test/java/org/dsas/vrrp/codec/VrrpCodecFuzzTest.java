package org.dsas.vrrp.codec;

import static org.dsas.vrrp.codec.TestAddresses.ip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Whatever arrives on the raw socket, decode either returns a packet or throws
 * VrrpDecodeException with a reason; nothing else may escape into the receive loop.
 */
class VrrpCodecFuzzTest {

    private static final long SEED = 0x5EED_0112L;
    private static final int CASES = 10_000;
    private static final Set<DropReason> CODEC_REASONS = EnumSet.of(DropReason.TOO_SHORT, DropReason.BAD_VERSION,
            DropReason.BAD_TYPE, DropReason.BAD_LENGTH, DropReason.BAD_CHECKSUM, DropReason.BAD_VRID);
    private static final InetAddress SRC6 = ip("fe80::1");

    /** A payload with the IP facts it arrived with. */
    private record Sample(byte[] payload, InetAddress source, InetAddress destination, boolean ipv6) {
    }

    @Test
    void decodeOnlyEverThrowsVrrpDecodeException(TestReporter reporter) {
        Random random = new Random(SEED);
        List<Sample> seeds = seeds();
        Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
        int accepted = 0;
        int reencoded = 0;

        for (int i = 0; i < CASES; i++) {
            Sample s = i % 5 == 0
                    ? randomBytes(random, seeds)
                    : mutate(random, seeds.get(random.nextInt(seeds.size())));
            VrrpPacket p;
            try {
                p = VrrpCodec.decode(s.payload(), s.source(), s.destination(), s.ipv6());
            } catch (VrrpDecodeException e) {
                assertTrue(CODEC_REASONS.contains(e.reason()), "case " + i + ": " + e.reason());
                drops.merge(e.reason(), 1, Integer::sum);
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("case " + i + " (seed 0x" + Long.toHexString(SEED) + ") threw " + e
                        + " for " + HexFormat.of().formatHex(s.payload()) + (s.ipv6() ? " over IPv6" : ""), e);
            }
            accepted++;
            if (reencodes(p, s)) {
                reencoded++;
            }
        }

        int dropped = drops.values().stream().mapToInt(Integer::intValue).sum();
        String report = "VRRP codec fuzz, seed 0x" + Long.toHexString(SEED) + ", " + CASES + " packets: accepted "
                + accepted + " (re-encoded identically " + reencoded + "), dropped " + dropped + " " + drops;
        System.out.println(report);
        reporter.publishEntry("fuzz", report);
        assertEquals(CASES, accepted + dropped);
        // every codec reason is reached, so the counts above mean something
        assertEquals(CODEC_REASONS, drops.keySet(), report);
        assertTrue(accepted > 0, report);
    }

    /**
     * An accepted packet that the encoder also takes (count at least 1, interval not 0, auth type 0 or
     * 1, v3 reserved bits 0) comes back byte for byte.
     */
    private static boolean reencodes(VrrpPacket p, Sample s) {
        if (p.version() == 3 && (s.payload()[4] & 0xF0) != 0) {
            return false;
        }
        byte[] again;
        try {
            again = VrrpCodec.encode(p, s.source(), s.destination());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] received = s.payload().clone();
        if (received[6] == (byte) 0xFF && received[7] == (byte) 0xFF) {
            // ones' complement has two zeros: 0xffff passes the check, the encoder writes 0x0000
            received[6] = 0;
            received[7] = 0;
        }
        assertArrayEquals(received, again, "re-encoding " + HexFormat.of().formatHex(s.payload()));
        return true;
    }

    private static List<Sample> seeds() {
        Set<String> seen = new LinkedHashSet<>();
        List<Sample> seeds = new ArrayList<>();
        for (String capture : List.of(Captures.VRRP2, Captures.VRRP3)) {
            for (PcapReader.Ipv4Packet ip : Captures.vrrp(capture)) {
                if (seen.add(HexFormat.of().formatHex(ip.payload()))) {
                    seeds.add(new Sample(ip.payload(), ip.source(), ip.destination(), false));
                }
            }
        }
        VrrpPacket v6 = new VrrpPacket(3, 51, 150, 10, 0, null, List.of(ip("fe80::100"), ip("2001:db8::100")), 0);
        seeds.add(new Sample(VrrpCodec.encode(v6, SRC6, VrrpCodec.IPV6_GROUP), SRC6, VrrpCodec.IPV6_GROUP, true));
        VrrpPacket pass = new VrrpPacket(2, 7, 200, 3, 1, VrrpCodec.authData("secret"), List.of(ip("10.0.0.1")), 0);
        InetAddress src4 = ip("10.0.0.11");
        seeds.add(new Sample(VrrpCodec.encode(pass, src4, VrrpCodec.IPV4_GROUP), src4, VrrpCodec.IPV4_GROUP, false));
        return seeds;
    }

    private static Sample randomBytes(Random random, List<Sample> seeds) {
        Sample addresses = seeds.get(random.nextInt(seeds.size()));
        byte[] payload = new byte[random.nextInt(201)];
        random.nextBytes(payload);
        return new Sample(payload, addresses.source(), addresses.destination(), addresses.ipv6());
    }

    private static Sample mutate(Random random, Sample seed) {
        byte[] p = seed.payload().clone();
        boolean ipv6 = random.nextInt(20) == 0 ? !seed.ipv6() : seed.ipv6(); // now and then the wrong family
        switch (random.nextInt(6)) {
            case 0 -> { // bit flips
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    int bit = random.nextInt(p.length * 8);
                    p[bit / 8] ^= (byte) (1 << (bit % 8));
                }
            }
            case 1 -> p = Arrays.copyOf(p, random.nextInt(p.length)); // truncation
            case 2 -> { // extension with random bytes
                int old = p.length;
                p = Arrays.copyOf(p, old + 1 + random.nextInt(32));
                for (int i = old; i < p.length; i++) {
                    p[i] = (byte) random.nextInt(256);
                }
            }
            case 3 -> p[random.nextInt(p.length)] = (byte) random.nextInt(256);
            case 4 -> { // one header byte changed and the checksum made right: reaches the checks after it
                p[random.nextInt(6)] = (byte) (random.nextBoolean() ? 0 : random.nextInt(256));
                TestChecksums.fix(p, seed.source(), seed.destination());
            }
            default -> { // a well-formed packet of random content and address count
                int version = random.nextBoolean() ? 2 : 3;
                ipv6 = seed.ipv6() && version == 3;
                int count = random.nextInt(5);
                p = new byte[VrrpCodec.expectedLength(version, count, ipv6)];
                random.nextBytes(p);
                p[0] = (byte) (version << 4 | 1);
                p[3] = (byte) count;
                TestChecksums.fix(p, seed.source(), seed.destination());
            }
        }
        return new Sample(p, seed.source(), seed.destination(), ipv6);
    }
}
