package org.dsas.healthcheck.probe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

import org.dsas.healthcheck.probe.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpProbeTest {

    static final ProbeFixture FX = new ProbeFixture();
    static final String BODY = "<html>hello from the real server</html>\n";

    @AfterAll
    static void close() {
        FX.close();
    }

    static ProbeFixture.Server serving(String response, BlockingQueue<String> requests) throws Exception {
        return new ProbeFixture.Server((s, in, out) -> {
            String head = ProbeFixture.readHead(in);
            if (requests != null) {
                requests.add(head);
            }
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        });
    }

    static String ok(String body) {
        return "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body;
    }

    static String http(String url) {
        return "HTTP_GET {\n url {\n" + url + "\n }\n}\n";
    }

    @Test
    void sendsKeepalivedsRequestAndPassesOnA2xxWithTheRightDigest() throws Exception {
        BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        try (var srv = serving(ok(BODY), requests)) {
            String digest = ProbeFixture.md5(BODY.getBytes(StandardCharsets.ISO_8859_1));
            ProbeResult r = ProbeFixture.run(FX.probe(http("path /index.html\n digest " + digest), srv.port(),
                    Duration.ofSeconds(3)));
            assertTrue(r.ok(), r.toString());
            assertEquals("HTTP 200 /index.html digest ok", r.detail());
            assertEquals("GET /index.html HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 127.0.0.1:" + srv.port()
                    + "\r\n\r\n", requests.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void http11SendsConnectionCloseAndTheVirtualHost() throws Exception {
        BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        try (var srv = serving("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", requests)) {
            ProbeResult r = ProbeFixture.run(FX.probe("HTTP_GET {\n http_protocol 1.1\n virtualhost www.example.test\n"
                    + " url {\n path /\n status_code 204\n }\n}\n", srv.port(), Duration.ofSeconds(3)));
            assertTrue(r.ok(), r.toString());
            assertEquals("GET / HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\n"
                    + "Host: www.example.test\r\n\r\n", requests.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aStatusOutsideTheAcceptedSetFails() throws Exception {
        try (var srv = serving("HTTP/1.0 503 Service Unavailable\r\n\r\nbusy", null)) {
            ProbeResult r = ProbeFixture.run(FX.probe(http("path /health"), srv.port(), Duration.ofSeconds(3)));
            assertFalse(r.ok());
            assertEquals("HTTP 503 for /health (expected 200-299)", r.detail());
            ProbeResult listed = ProbeFixture.run(FX.probe(http("path /health\n status_code 200 500-503"), srv.port(),
                    Duration.ofSeconds(3)));
            assertTrue(listed.ok(), listed.toString());
        }
    }

    @Test
    void aDifferentBodyFailsTheDigest() throws Exception {
        try (var srv = serving(ok("changed\n"), null)) {
            String expected = ProbeFixture.md5(BODY.getBytes(StandardCharsets.ISO_8859_1));
            ProbeResult r = ProbeFixture.run(FX.probe(http("path /\n digest " + expected), srv.port(),
                    Duration.ofSeconds(3)));
            assertFalse(r.ok());
            assertEquals("digest mismatch for /: got " + ProbeFixture.md5("changed\n".getBytes()) + ", expected "
                    + expected, r.detail());
        }
    }

    @Test
    void everyUrlMustPass() throws Exception {
        try (var srv = new ProbeFixture.Server((s, in, out) -> {
            String head = ProbeFixture.readHead(in);
            out.write((head.startsWith("GET /good") ? ok("x") : "HTTP/1.0 404 Not Found\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        })) {
            String two = "HTTP_GET {\n url {\n path /good\n }\n url {\n path /gone\n }\n}\n";
            ProbeResult r = ProbeFixture.run(FX.probe(two, srv.port(), Duration.ofSeconds(3)));
            assertFalse(r.ok());
            assertEquals("HTTP 404 for /gone (expected 200-299)", r.detail());
            String both = "HTTP_GET {\n url {\n path /good\n }\n url {\n path /good2\n }\n}\n";
            ProbeResult p = ProbeFixture.run(FX.probe(both, srv.port(), Duration.ofSeconds(3)));
            assertTrue(p.ok(), p.toString());
            assertEquals("HTTP 200 /good; HTTP 200 /good2", p.detail());
        }
    }

    @Test
    void aServerThatAcceptsAndNeverAnswersFailsAtTheConnectTimeout() throws Exception {
        try (var srv = new ProbeFixture.Server((s, in, out) -> Thread.sleep(60_000))) {
            long t0 = System.nanoTime();
            ProbeResult r = ProbeFixture.run(FX.probe(http("path /"), srv.port(), Duration.ofMillis(400)));
            assertFalse(r.ok());
            assertEquals("timeout after 400 ms reading response", r.detail());
            assertTrue(System.nanoTime() - t0 >= 400_000_000L, "ended before its timeout");
        }
    }

    @Test
    void aServerClosingWithoutAResponseFails() throws Exception {
        try (var srv = new ProbeFixture.Server((s, in, out) -> ProbeFixture.readHead(in))) {
            ProbeResult r = ProbeFixture.run(FX.probe(http("path /"), srv.port(), Duration.ofSeconds(3)));
            assertFalse(r.ok());
            assertEquals("no HTTP response from 127.0.0.1:" + srv.port() + " (closed after 0 bytes)", r.detail());
        }
    }

    @Test
    void theDigestCoversTheBodyAsReceivedCutAtContentLength() throws Exception {
        // chunked: keepalived hashes the framing too (it does not decode chunks)
        String chunked = "5\r\nhello\r\n0\r\n\r\n";
        HttpResponseReader r = new HttpResponseReader();
        byte[] resp = ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked).getBytes(StandardCharsets.US_ASCII);
        r.feed(ByteBuffer.wrap(resp, 0, 20)); // headers split across reads
        r.feed(ByteBuffer.wrap(resp, 20, resp.length - 20));
        assertEquals(200, r.status());
        assertEquals(ProbeFixture.md5(chunked.getBytes(StandardCharsets.US_ASCII)), r.digestHex());

        HttpResponseReader cut = new HttpResponseReader();
        cut.feed(ByteBuffer.wrap("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabcEXTRA".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(cut.complete());
        assertEquals(ProbeFixture.md5("abc".getBytes()), cut.digestHex());

        try (var srv = serving("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked, null)) {
            assertEquals(ProbeFixture.md5(chunked.getBytes(StandardCharsets.US_ASCII)), Genhash.digest(
                    ProbeFixture.LOOPBACK, srv.port(), false, "/", null, Duration.ofSeconds(3)));
        }
    }

    @Test
    void sslGetPassesAgainstASelfSignedServerAndSendsTheVirtualHostAsSni(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "srv", "-keyalg", "EC", "-dname", "CN=selfsigned.test", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit").inheritIO().start();
        assertEquals(0, keytool.waitFor());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(ks.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 5,
                ProbeFixture.LOOPBACK);
        BlockingQueue<String> sni = new LinkedBlockingQueue<>();
        SSLParameters params = server.getSSLParameters();
        params.setSNIMatchers(List.of(new SNIMatcher(0) {
            @Override
            public boolean matches(SNIServerName name) {
                sni.add(((SNIHostName) name).getAsciiName());
                return true;
            }
        }));
        server.setSSLParameters(params);
        try (var srv = new ProbeFixture.Server(server, (s, in, out) -> {
            ProbeFixture.readHead(in);
            out.write(ok(BODY).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        })) {
            String digest = ProbeFixture.md5(BODY.getBytes(StandardCharsets.ISO_8859_1));
            ProbeResult r = ProbeFixture.run(FX.probe("SSL_GET {\n enable_sni\n url {\n path /\n digest " + digest
                    + "\n virtualhost www.sni.test\n }\n}\n", srv.port(), Duration.ofSeconds(5)));
            assertTrue(r.ok(), r.toString());
            assertEquals("www.sni.test", sni.poll(5, TimeUnit.SECONDS));
            assertEquals(digest, Genhash.digest(ProbeFixture.LOOPBACK, srv.port(), true, "/", null,
                    Duration.ofSeconds(5)));

            // plain HTTP to a TLS port: the server never answers a request it cannot parse as TLS
            ProbeResult plain = ProbeFixture.run(FX.probe(http("path /"), srv.port(), Duration.ofSeconds(2)));
            assertFalse(plain.ok(), plain.toString());
        }
    }

    @Test
    void sslGetFailsTheHandshakeAgainstAPlainServer() throws Exception {
        // the plain server answers at once: the client reads HTTP where a TLS record should be
        try (var srv = new ProbeFixture.Server((s, in, out) -> {
            out.write(ok(BODY).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(500);
        })) {
            ProbeResult r = ProbeFixture.run(FX.probe("SSL_GET {\n url {\n path /\n }\n}\n", srv.port(),
                    Duration.ofSeconds(3)));
            assertFalse(r.ok());
            assertTrue(r.detail().startsWith("TLS handshake with 127.0.0.1:" + srv.port() + ": ")
                    || r.detail().startsWith("reading response from 127.0.0.1:" + srv.port() + ": "), r.detail());
        }
    }
}
