package org.dsas.itests.netns.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.channel.nio.NioEventLoopGroup;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.healthcheck.probe.ProbeTarget;
import org.dsas.healthcheck.probe.internal.KeepalivedProbeFactory;
import org.dsas.keepalived.conf.KeepalivedConfParser;
import org.dsas.testsupport.netns.Bridge;
import org.dsas.testsupport.netns.Cmd;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.dsas.testsupport.netns.Peers;
import org.dsas.testsupport.netns.Proc;
import org.dsas.testsupport.netns.Services;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The probes against real services from Debian packages in a namespace: each passes while its service runs
 * and fails once it is killed. The probes run in a child JVM started inside the checker's namespace
 * ({@link InChecker}), since sockets belong to the namespace of the thread that opens them.
 */
class ProbeServicesIT {

    static final String SERVER = "198.51.100.10";

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("busybox", "socat", "openssl", "exim4", "dnsmasq")
            .perTest();

    Host checker;
    Host server;

    @BeforeEach
    void topology() {
        NetnsRig rig = NET.rig();
        Bridge lan = rig.bridge("lan");
        checker = rig.host("checker", lan, "198.51.100.1/24");
        server = rig.host("server", lan, SERVER + "/24");
    }

    /** Runs one attempt of {@code block} against SERVER:port from the checker's namespace. */
    ProbeResult attempt(String block, int port, int timeoutMillis) throws Exception {
        Path conf = Files.createTempFile(NET.rig().dir, "check", ".conf");
        Files.writeString(conf, block);
        ExecResult r = checker.exec(Duration.ofSeconds(60), List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-cp", System.getProperty("java.class.path"), InChecker.class.getName(),
                conf.toString(), SERVER, String.valueOf(port), String.valueOf(timeoutMillis)));
        String line = r.out().lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError("no result from the checker JVM: " + r));
        String[] f = line.split(" ", 3);
        System.out.println(block.lines().findFirst().orElse("") + " -> " + line);
        return new ProbeResult(f[1].equals("pass"), f[2], 0, -1);
    }

    void passesThenFailsWhenKilled(String block, int port, Proc service) throws Exception {
        ProbeResult up = attempt(block, port, 3000);
        assertTrue(up.ok(), "while " + service + " runs: " + up.detail());
        service.kill();
        ProbeResult down = attempt(block, port, 3000);
        assertFalse(down.ok(), "after killing " + service + ": " + down.detail());
    }

    @Test
    void httpGetAgainstBusyboxHttpd() throws Exception {
        Proc httpd = Peers.httpServer(server, 80, Map.of("index.html", "up\n"));
        passesThenFailsWhenKilled("HTTP_GET {\n url {\n path /index.html\n }\n}\n", 80, httpd);
    }

    @Test
    void sslGetAgainstOpensslServerWithASelfSignedCertificate() throws Exception {
        Proc tls = Services.httpsServer(server, 443, "www.test");
        passesThenFailsWhenKilled("SSL_GET {\n enable_sni\n virtualhost www.test\n url {\n path /\n }\n}\n", 443, tls);
    }

    @Test
    void smtpCheckAgainstExim4() throws Exception {
        Proc exim = Services.smtpServer(server, SERVER, 25);
        passesThenFailsWhenKilled("SMTP_CHECK {\n helo_name checker.test\n}\n", 25, exim);
    }

    @Test
    void dnsCheckAgainstDnsmasq() throws Exception {
        Proc dns = Services.dnsServer(server, SERVER, "www.example.test", "198.51.100.80");
        passesThenFailsWhenKilled("DNS_CHECK {\n type A\n name www.example.test\n}\n", 53, dns);
    }

    @Test
    void udpCheckAgainstSocatEcho() throws Exception {
        Proc echo = Services.udpEcho(server, 9000);
        passesThenFailsWhenKilled("UDP_CHECK {\n payload 68656c6c6f\n require_reply 68656c6c6f\n}\n", 9000, echo);
    }

    @Test
    void tcpAndPingAgainstTheNamespaceItself() throws Exception {
        Proc httpd = Peers.httpServer(server, 8080, Map.of("x", "x"));
        passesThenFailsWhenKilled("TCP_CHECK {\n}\n", 8080, httpd);
        assertTrue(attempt("PING_CHECK {\n}\n", 0, 2000).ok());
        server.exec("ip", "link", "set", "eth0", "down").orThrow();
        ProbeResult gone = attempt("PING_CHECK {\n}\n", 0, 1000);
        assertFalse(gone.ok(), gone.detail());
    }

    /** Runs in the checker's namespace: one attempt of the block in args[0] against args[1]:args[2]. */
    public static final class InChecker {
        public static void main(String[] args) throws Exception {
            NioEventLoopGroup loops = new NioEventLoopGroup(1);
            KeepalivedProbeFactory factory = new KeepalivedProbeFactory();
            try {
                var block = KeepalivedConfParser.parse(Files.readString(Path.of(args[0])), args[0]).get(0);
                ProbeTarget target = new ProbeTarget(InetAddress.getByName(args[1]), Integer.parseInt(args[2]), null, 0,
                        Duration.ofMillis(Long.parseLong(args[3])));
                Probe probe = factory.create(block, target, new ProbeContext(loops, null, List.of()));
                ProbeResult r = probe.attempt().get(60, TimeUnit.SECONDS);
                System.out.println("RESULT " + (r.ok() ? "pass" : "fail") + " " + r.detail() + " ("
                        + r.latencyNanos() / 1000 + " us)");
            } finally {
                factory.close();
                loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
            System.exit(0);
        }
    }
}
