package org.dsas.healthcheck.probe.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The DNS_CHECK wire format: the query keepalived sends (recursion desired, one question of class
 * IN) and what it reads of the reply: the header's id, QR bit, RCODE and answer count.
 */
final class DnsMessage {

    /** keepalived's type names and their codes. */
    static final Map<String, Integer> TYPES = Map.ofEntries(Map.entry("A", 1), Map.entry("NS", 2),
            Map.entry("CNAME", 5), Map.entry("SOA", 6), Map.entry("MX", 15), Map.entry("TXT", 16),
            Map.entry("AAAA", 28));
    static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};

    /** The header fields DNS_CHECK decides on. */
    record Reply(int id, boolean response, int rcode, int answers) {
        String rcodeName() {
            return rcode < RCODES.length ? RCODES[rcode] : "RCODE " + rcode;
        }
    }

    private DnsMessage() {
    }

    /** A query for {@code name} ("." the root) of {@code type}, class IN, RD set. */
    static byte[] query(int id, String name, int type) {
        ByteBuffer b = ByteBuffer.allocate(12 + name.length() + 2 + 4);
        b.putShort((short) id).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0);
        for (String label : name.split("\\.")) {
            if (!label.isEmpty()) {
                byte[] l = label.getBytes(StandardCharsets.US_ASCII);
                b.put((byte) l.length).put(l);
            }
        }
        b.put((byte) 0).putShort((short) type).putShort((short) 1);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** The header of a datagram, or null when it is shorter than a DNS header. */
    static Reply header(ByteBuffer datagram) {
        if (datagram.remaining() < 12) {
            return null;
        }
        int p = datagram.position();
        int id = datagram.getShort(p) & 0xffff;
        int flags = datagram.getShort(p + 2) & 0xffff;
        int answers = datagram.getShort(p + 6) & 0xffff;
        return new Reply(id, (flags & 0x8000) != 0, flags & 0xf, answers);
    }

    /** Checks a name for the query: labels of 1..63 bytes, 253 in all. Returns null when fine. */
    static String nameProblem(String name) {
        if (name.equals(".")) {
            return null;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            return "name length must be 1..253";
        }
        for (String label : n.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || !StandardCharsets.US_ASCII.newEncoder().canEncode(label)) {
                return "bad label '" + label + "' (1..63 ASCII characters)";
            }
        }
        return null;
    }

    static Integer type(String name) {
        return TYPES.get(name.toUpperCase(Locale.ROOT));
    }
}
