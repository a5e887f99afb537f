package org.dsas.healthcheck.probe.internal;

import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.handler.ssl.SslContext;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.healthcheck.probe.ProbeTarget;

/**
 * HTTP_GET and SSL_GET: every url sub-block is fetched in turn, one connection each, and all must
 * pass (status code in the accepted set, body digest equal when one is given). The whole attempt is
 * bounded by the connect timeout. SSL_GET does not verify the server's certificate unless the SSL
 * block names a ca, as keepalived.
 */
final class HttpProbe implements Probe {

    /** One url { } block: path, accepted status codes (as written, for messages), digest, virtual host. */
    record UrlCheck(String path, BitSet status, String statusText, String digest, String virtualhost) {
    }

    private final String type;
    private final List<UrlCheck> urls;
    private final String virtualhost;
    private final String protocol;
    private final boolean sni;
    private final SslContext sslContext;
    private final ProbeTarget target;
    private final ProbeContext context;

    HttpProbe(String type, List<UrlCheck> urls, String virtualhost, String protocol, boolean sni, SslContext sslContext,
            ProbeTarget target, ProbeContext context) {
        this.type = type;
        this.urls = List.copyOf(urls);
        this.virtualhost = virtualhost;
        this.protocol = protocol;
        this.sni = sni;
        this.sslContext = sslContext;
        this.target = target;
        this.context = context;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public CompletableFuture<ProbeResult> attempt() {
        Attempt a = new Attempt(context.loops().next(), target.connectTimeout());
        next(a, 0, new StringBuilder());
        return a.result;
    }

    private void next(Attempt a, int index, StringBuilder passed) {
        if (a.done()) {
            return;
        }
        if (index == urls.size()) {
            a.pass(passed.toString());
            return;
        }
        UrlCheck url = urls.get(index);
        String vhost = url.virtualhost() != null ? url.virtualhost() : virtualhost;
        String request = HttpExchange.request(url.path(), protocol, vhost, target);
        HttpExchange.run(a, target, sslContext, sni ? vhost : null, request, response -> {
            String verdict = verdict(url, response);
            if (verdict != null) {
                a.fail(verdict);
                return;
            }
            passed.append(passed.length() == 0 ? "" : "; ").append("HTTP ").append(response.status()).append(' ')
                    .append(url.path()).append(url.digest() != null ? " digest ok" : "");
            next(a, index + 1, passed);
        });
    }

    /** Why the response fails this url, or null when it passes. */
    static String verdict(UrlCheck url, HttpExchange.Response response) {
        if (response.status() < 0) {
            return "no HTTP status line in the response for " + url.path();
        }
        if (!url.status().get(response.status())) {
            return "HTTP " + response.status() + " for " + url.path() + " (expected " + url.statusText() + ")";
        }
        if (url.digest() != null && !url.digest().equalsIgnoreCase(response.digest())) {
            return "digest mismatch for " + url.path() + ": got " + response.digest() + ", expected " + url.digest();
        }
        return null;
    }
}
