package org.dsas.testsupport.netns;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Real services from Debian packages for health-check tests, each started in a host and returned once it
 * listens: an HTTPS server ({@code openssl s_server -www}, self-signed certificate made at start), an SMTP
 * server (exim4 in the foreground with Debian's configuration), a DNS server (dnsmasq answering one name),
 * a UDP echo server (socat).
 */
public final class Services {

    private Services() {
    }

    /** {@code openssl s_server -www} on {@code port} with a fresh self-signed certificate for {@code cn}. */
    public static Proc httpsServer(Host host, int port, String cn) throws IOException {
        Path dir = host.rig.newDir(host.name + "-tls");
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Cmd.run(Duration.ofSeconds(30), List.of(Cmd.tool("openssl"), "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=" + cn)).orThrow();
        Proc p = host.start("https-" + port, Map.of(), dir, List.of(Cmd.tool("openssl"), "s_server", "-www", "-accept",
                String.valueOf(port), "-cert", cert.toString(), "-key", key.toString()));
        Peers.awaitListening(p, port);
        return p;
    }

    /**
     * exim4 as a foreground daemon ({@code -bdf}) on {@code address}:{@code port} with the system's configuration
     * (Debian's listens on loopback only: {@code -oX address.port} overrides its local_interfaces).
     */
    public static Proc smtpServer(Host host, String address, int port) {
        Proc p = host.start("exim4-" + port, Map.of(), null, List.of(Cmd.tool("exim4"), "-bdf", "-oX",
                address + "." + port, "-oP", host.rig.dir.resolve(host.name + "-exim4.pid").toString()));
        Peers.awaitListening(p, port);
        return p;
    }

    /** dnsmasq in the foreground on {@code address}:53 (UDP), answering {@code name} with {@code answer}. */
    public static Proc dnsServer(Host host, String address, String name, String answer) throws IOException {
        Path conf = host.rig.newDir(host.name + "-dnsmasq").resolve("dnsmasq.conf");
        Files.writeString(conf, "");
        Proc p = host.start("dnsmasq", Map.of(), null, List.of(Cmd.tool("dnsmasq"), "-k", "--conf-file=" + conf,
                "--no-resolv", "--no-hosts", "--bind-interfaces", "--listen-address=" + address, "--port=53",
                "--user=root", "--pid-file=", "--address=/" + name + "/" + answer));
        Peers.awaitUdpBound(p, 53);
        return p;
    }

    /** socat echoing every UDP datagram on {@code port} back to its sender. */
    public static Proc udpEcho(Host host, int port) {
        Proc p = host.start("udp-echo-" + port, Map.of(), null, List.of(Cmd.tool("socat"), "UDP4-RECVFROM:" + port
                + ",fork", "PIPE"));
        Peers.awaitUdpBound(p, port);
        return p;
    }
}
