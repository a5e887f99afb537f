package org.dsas.healthcheck.probe.internal;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import org.dsas.healthcheck.probe.ProbeTarget;

/**
 * keepalived's genhash: fetches a URL as HTTP_GET/SSL_GET would and returns the digest to write in a
 * url block (MD5 of the body as received, see {@link HttpResponseReader}). Blocking, for operators
 * and tests; the probes never call it.
 */
public final class Genhash {

    private Genhash() {
    }

    /**
     * @param ssl         true for SSL_GET (certificate not verified; SNI = virtualhost when given)
     * @param virtualhost the Host header (and TLS server name), or null for address:port
     * @return the body's MD5 in hex
     * @throws IllegalStateException with the probe's one-line reason when no response came
     */
    public static String digest(InetAddress address, int port, boolean ssl, String path, String virtualhost,
            Duration timeout) {
        NioEventLoopGroup loops = new NioEventLoopGroup(1);
        try {
            SslContext tls = ssl ? SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build()
                    : null;
            ProbeTarget target = new ProbeTarget(address, port, null, 0, timeout);
            Attempt a = new Attempt(loops.next(), timeout);
            String[] digest = new String[1];
            HttpExchange.run(a, target, tls, virtualhost, HttpExchange.request(path, "1.0", virtualhost, target), r -> {
                digest[0] = r.digest();
                a.pass("HTTP " + r.status() + ", " + r.bodyBytes() + " bytes, digest " + r.digest());
            });
            var result = a.result.get();
            if (!result.ok()) {
                throw new IllegalStateException(result.detail());
            }
            return digest[0];
        } catch (javax.net.ssl.SSLException e) {
            throw new IllegalStateException("TLS context: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            loops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }
}
