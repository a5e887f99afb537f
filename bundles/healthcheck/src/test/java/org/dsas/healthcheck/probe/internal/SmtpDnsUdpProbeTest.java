package org.dsas.healthcheck.probe.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.dsas.healthcheck.probe.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SmtpDnsUdpProbeTest {

    static final ProbeFixture FX = new ProbeFixture();
    /** dnsmasq 2.90's answer to "example.test A" (id 0x1234), captured on loopback. */
    static final byte[] DNSMASQ_ANSWER = HexFormat.of().parseHex("123485800001000100000000076578616d706c650474657374"
            + "0000010001c00c00010001000000000004c0000207");
    /** dnsmasq 2.90's REFUSED to "nothere.invalid A" (id 0x4321): no upstream server configured. */
    static final byte[] DNSMASQ_REFUSED = HexFormat.of().parseHex("432181850001000000000000076e6f746865726507696e76616c"
            + "69640000010001");

    @AfterAll
    static void close() {
        FX.close();
    }

    @Test
    void smtpPassesOnGreetingAndHeloAndFailsOnARefusal() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        try (var srv = new ProbeFixture.Server((s, in, out) -> {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            out.write("220-mail.test ESMTP\r\n220 ready\r\n".getBytes());
            lines.add(r.readLine());
            out.write("250-mail.test hello\r\n250 SIZE 1000\r\n".getBytes());
            lines.add(r.readLine());
        })) {
            ProbeResult r = ProbeFixture.run(FX.probe("SMTP_CHECK {\n helo_name lb1.test\n}\n", srv.port(),
                    Duration.ofSeconds(3)));
            assertTrue(r.ok(), r.toString());
            assertEquals("SMTP 250 SIZE 1000", r.detail());
            assertEquals("HELO lb1.test", lines.poll(5, TimeUnit.SECONDS));
            assertEquals("QUIT", lines.poll(5, TimeUnit.SECONDS));
        }
        try (var srv = new ProbeFixture.Server((s, in, out) -> {
            out.write("554 no service\r\n".getBytes());
            Thread.sleep(500);
        })) {
            ProbeResult r = ProbeFixture.run(FX.probe("SMTP_CHECK {\n}\n", srv.port(), Duration.ofSeconds(3)));
            assertFalse(r.ok());
            assertEquals("SMTP greeting from 127.0.0.1:" + srv.port() + " is not 220: 554 no service", r.detail());
        }
    }

    @Test
    void dnsQueryIsKeepalivedsAndTheCapturedRepliesAreJudged() {
        byte[] q = DnsMessage.query(0x1234, "example.test", 1);
        // the question section dnsmasq echoed back is the one we sent
        assertArrayEquals(Arrays.copyOfRange(DNSMASQ_ANSWER, 12, 30), Arrays.copyOfRange(q, 12, q.length));
        assertEquals(0x0100, ((q[2] & 0xff) << 8) | (q[3] & 0xff), "RD only");
        assertArrayEquals(HexFormat.of().parseHex("abcd01000001000000000000" + "00" + "0006" + "0001"),
                DnsMessage.query(0xabcd, ".", 6));
        DnsMessage.Reply ok = DnsMessage.header(ByteBuffer.wrap(DNSMASQ_ANSWER));
        assertEquals(new DnsMessage.Reply(0x1234, true, 0, 1), ok);
        DnsMessage.Reply refused = DnsMessage.header(ByteBuffer.wrap(DNSMASQ_REFUSED));
        assertEquals("REFUSED", refused.rcodeName());
        assertNull(DnsMessage.header(ByteBuffer.wrap(new byte[11])));
    }

    @Test
    void dnsIgnoresForeignIdsPassesOnNoerrorAndFailsOnRefusedAndOnAClosedPort() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, ProbeFixture.LOOPBACK)) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[512];
                try {
                    for (int i = 0; i < 2; i++) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        server.receive(p);
                        byte[] template = i == 0 ? DNSMASQ_ANSWER : DNSMASQ_REFUSED;
                        byte[] wrongId = template.clone();
                        wrongId[0] = (byte) ~buf[0];
                        server.send(new DatagramPacket(wrongId, wrongId.length, p.getSocketAddress()));
                        byte[] reply = template.clone();
                        reply[0] = buf[0];
                        reply[1] = buf[1];
                        server.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            ProbeResult ok = ProbeFixture.run(FX.probe("DNS_CHECK {\n type A\n name example.test\n}\n",
                    server.getLocalPort(), Duration.ofSeconds(3)));
            assertTrue(ok.ok(), ok.toString());
            assertEquals("DNS A example.test: NOERROR, 1 answer(s)", ok.detail());
            ProbeResult refused = ProbeFixture.run(FX.probe("DNS_CHECK {\n}\n", server.getLocalPort(),
                    Duration.ofSeconds(3)));
            assertFalse(refused.ok());
            assertEquals("DNS SOA .: REFUSED from 127.0.0.1:" + server.getLocalPort(), refused.detail());
        }
        int closed = ProbeFixture.closedPort();
        ProbeResult none = ProbeFixture.run(FX.probe("DNS_CHECK {\n}\n", closed, Duration.ofSeconds(3)));
        assertFalse(none.ok());
        assertEquals("ICMP port unreachable from 127.0.0.1:" + closed, none.detail());
    }

    @Test
    void udpFailsOnPortUnreachablePassesOnSilenceAndJudgesRequiredReplies() throws Exception {
        int closed = ProbeFixture.closedPort();
        ProbeResult none = ProbeFixture.run(FX.probe("UDP_CHECK {\n payload 01\n}\n", closed, Duration.ofSeconds(2)));
        assertFalse(none.ok());
        assertEquals("ICMP port unreachable from 127.0.0.1:" + closed, none.detail());
        try (DatagramSocket server = new DatagramSocket(0, ProbeFixture.LOOPBACK)) {
            ProbeResult quiet = ProbeFixture.run(FX.probe("UDP_CHECK {\n payload 01\n}\n", server.getLocalPort(),
                    Duration.ofMillis(300)));
            assertTrue(quiet.ok(), quiet.toString());
            Thread echo = new Thread(() -> {
                byte[] buf = new byte[512];
                try {
                    while (true) {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        server.receive(p);
                        server.send(new DatagramPacket(buf, p.getLength(), p.getSocketAddress()));
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            echo.setDaemon(true);
            echo.start();
            ProbeResult match = ProbeFixture.run(FX.probe("UDP_CHECK {\n payload cafe01\n require_reply cafe\n}\n",
                    server.getLocalPort(), Duration.ofSeconds(2)));
            assertTrue(match.ok(), match.toString());
            ProbeResult mismatch = ProbeFixture.run(FX.probe("UDP_CHECK {\n payload beef\n require_reply cafe\n}\n",
                    server.getLocalPort(), Duration.ofSeconds(2)));
            assertFalse(mismatch.ok());
            assertEquals("reply from 127.0.0.1:" + server.getLocalPort() + " does not match require_reply: beef",
                    mismatch.detail());
        }
    }
}
