package org.dsas.healthcheck.probe.internal;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeFactory;
import org.dsas.healthcheck.probe.ProbeTarget;
import org.dsas.keepalived.conf.ConfNode;

/**
 * The probes of every keepalived checker type, built from their blocks after validating every
 * keyword and value (one line "file:line: keyword: problem"). Owns the small worker pool PING_CHECK
 * blocks on; everything else runs on the engine's event loops.
 */
@Component(service = ProbeFactory.class)
public final class KeepalivedProbeFactory implements ProbeFactory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeepalivedProbeFactory.class);
    static final int PING_WORKERS = 64;

    private static final Map<String, Set<String>> KEYWORDS = Map.of(
            "TCP_CHECK", Set.of(),
            "HTTP_GET", Set.of("url", "virtualhost", "http_protocol", "enable_sni", "fast_recovery"),
            "SSL_GET", Set.of("url", "virtualhost", "http_protocol", "enable_sni", "fast_recovery"),
            "SMTP_CHECK", Set.of("helo_name"),
            "DNS_CHECK", Set.of("type", "name"),
            "UDP_CHECK", Set.of("payload", "require_reply", "min_reply_length", "max_reply_length"),
            "PING_CHECK", Set.of(),
            "MISC_CHECK", Set.of("misc_path", "misc_timeout", "misc_dynamic", "user"),
            "FILE_CHECK", Set.of("file_path", "weight"));
    private static final Set<String> URL_KEYWORDS = Set.of("path", "digest", "status_code", "virtualhost");

    private final ExecutorService pingWorkers;

    @Activate
    public KeepalivedProbeFactory() {
        AtomicInteger n = new AtomicInteger();
        // bounded: a burst of pings beyond it fails at once ("no worker") instead of queueing past its timeout
        pingWorkers = new ThreadPoolExecutor(0, PING_WORKERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "dsas-ping-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    @Override
    public void close() {
        pingWorkers.shutdownNow();
    }

    @Override
    public Set<String> types() {
        return KEYWORDS.keySet();
    }

    @Override
    public Set<String> keywords(String type) {
        Set<String> k = KEYWORDS.get(type);
        if (k == null) {
            throw new IllegalArgumentException("unknown checker type " + type + " (known: " + types() + ")");
        }
        return k;
    }

    @Override
    public Probe create(ConfNode block, ProbeTarget target, ProbeContext context) {
        String type = block.keyword();
        Set<String> own = keywords(type);
        Blocks.onlyKnown(block, own, Set.of("url"));
        for (String k : own) {
            if (!k.equals("url")) {
                Blocks.atMostOnce(block, k);
            }
        }
        return switch (type) {
            case "TCP_CHECK" -> new TcpProbe(target, context);
            case "HTTP_GET", "SSL_GET" -> http(block, target, context);
            case "SMTP_CHECK" -> new SmtpProbe(block.child("helo_name").map(Blocks::single).orElseGet(
                    KeepalivedProbeFactory::localName), target, context);
            case "DNS_CHECK" -> dns(block, target, context);
            case "UDP_CHECK" -> udp(block, target, context);
            case "PING_CHECK" -> new PingProbe(target, context, pingWorkers);
            case "MISC_CHECK" -> misc(block, target, context);
            case "FILE_CHECK" -> file(block);
            default -> throw new IllegalArgumentException(block.where() + ": " + type + ": unknown checker type");
        };
    }

    private static Probe http(ConfNode block, ProbeTarget target, ProbeContext context) {
        boolean ssl = block.keyword().equals("SSL_GET");
        List<ConfNode> urlBlocks = block.children("url");
        if (urlBlocks.isEmpty()) {
            throw new IllegalArgumentException(block.where() + ": " + block.keyword() + ": no url block");
        }
        List<HttpProbe.UrlCheck> urls = new ArrayList<>();
        for (ConfNode u : urlBlocks) {
            urls.add(url(u));
        }
        String vhost = block.child("virtualhost").map(Blocks::single).orElse(null);
        String protocol = block.child("http_protocol").map(n -> {
            String v = Blocks.single(n);
            return switch (v) {
                case "1.0", "1.1" -> v;
                case "1.0C", "1.0c" -> "1.0C";
                default -> throw Blocks.problem(n, "1.0, 1.0C or 1.1 expected, got '" + v + "'");
            };
        }).orElse("1.0");
        boolean sni = block.child("enable_sni").map(Blocks::flag).orElse(false);
        block.child("fast_recovery").ifPresent(Blocks::flag);
        if (!ssl && block.child("enable_sni").isPresent()) {
            throw Blocks.problem(block.child("enable_sni").get(), "only for SSL_GET");
        }
        SslContext tls = ssl ? sslContext(block, context.sslBlocks()) : null;
        return new HttpProbe(block.keyword(), urls, vhost, protocol, sni, tls, target, context);
    }

    private static HttpProbe.UrlCheck url(ConfNode u) {
        if (!u.args().isEmpty()) {
            throw Blocks.problem(u, "takes no value, only a block");
        }
        for (ConfNode c : u.children()) {
            if (!URL_KEYWORDS.contains(c.keyword())) {
                throw Blocks.problem(c, "unknown keyword in url (known: digest, path, status_code, virtualhost)");
            }
        }
        for (String k : URL_KEYWORDS) {
            Blocks.atMostOnce(u, k);
        }
        ConfNode pathNode = u.child("path").orElseThrow(() -> Blocks.problem(u, "no path"));
        String path = Blocks.single(pathNode);
        if (!path.startsWith("/") || path.chars().anyMatch(ch -> ch <= ' ' || ch == 127)) {
            throw Blocks.problem(pathNode, "must start with / and hold no blanks or control characters: '" + path + "'");
        }
        BitSet status = new BitSet(600);
        String statusText = "200-299";
        if (u.child("status_code").isPresent()) {
            ConfNode s = u.child("status_code").get();
            if (s.args().isEmpty()) {
                throw Blocks.problem(s, "value missing");
            }
            for (String word : s.args()) {
                String[] range = word.split("-", -1);
                if (range.length > 2) {
                    throw Blocks.problem(s, "bad code or range '" + word + "'");
                }
                int lo = Blocks.integer(s, range[0], 100, 599);
                int hi = range.length == 2 ? Blocks.integer(s, range[1], 100, 599) : lo;
                if (lo > hi) {
                    throw Blocks.problem(s, "empty range '" + word + "'");
                }
                status.set(lo, hi + 1);
            }
            statusText = String.join(" ", s.args());
        } else {
            status.set(200, 300);
        }
        String digest = u.child("digest").map(d -> {
            String v = Blocks.single(d);
            if (!v.matches("[0-9a-fA-F]{32}")) {
                throw Blocks.problem(d, "32 hex digits (an MD5) expected, got '" + v + "'");
            }
            return v.toLowerCase();
        }).orElse(null);
        String vhost = u.child("virtualhost").map(Blocks::single).orElse(null);
        return new HttpProbe.UrlCheck(path, status, statusText, digest, vhost);
    }

    /**
     * The TLS client context: the server's certificate is not verified (keepalived's default) unless the
     * SSL block names a ca; certificate/key/password give a client certificate.
     */
    static SslContext sslContext(ConfNode checker, List<ConfNode> sslBlocks) {
        ConfNode ssl = sslBlocks == null || sslBlocks.isEmpty() ? null : sslBlocks.get(0);
        SslContextBuilder b = SslContextBuilder.forClient();
        String what = checker.where() + ": SSL_GET";
        try {
            if (ssl == null) {
                return b.trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            }
            String ca = ssl.child("ca").map(Blocks::single).orElse(null);
            String cert = ssl.child("certificate").map(Blocks::single).orElse(null);
            String key = ssl.child("key").map(Blocks::single).orElse(null);
            String password = ssl.child("password").map(Blocks::single).orElse(null);
            what = ssl.where() + ": SSL";
            if (ca != null) {
                b.trustManager(readable(ssl, "ca", ca));
            } else {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            if (cert != null || key != null) {
                if (cert == null || key == null) {
                    throw Blocks.problem(ssl, "certificate and key go together");
                }
                b.keyManager(readable(ssl, "certificate", cert), readable(ssl, "key", key), password);
            }
            return b.build();
        } catch (SSLException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith(ssl == null ? "" : ssl.where())) {
                throw iae;
            }
            throw new IllegalArgumentException(what + ": cannot build the TLS context: " + Attempt.oneLine(e), e);
        }
    }

    private static File readable(ConfNode ssl, String keyword, String path) {
        File f = new File(path);
        if (!f.canRead()) {
            throw new IllegalArgumentException(ssl.child(keyword).get().where() + ": " + keyword + ": cannot read " + path);
        }
        return f;
    }

    private static Probe dns(ConfNode block, ProbeTarget target, ProbeContext context) {
        String typeName = "SOA"; // keepalived's default
        int type = 6;
        if (block.child("type").isPresent()) {
            ConfNode t = block.child("type").get();
            typeName = Blocks.single(t).toUpperCase();
            Integer code = DnsMessage.type(typeName);
            if (code == null) {
                throw Blocks.problem(t, "unknown type '" + t.arg(0) + "' (known: " + new java.util.TreeSet<>(
                        DnsMessage.TYPES.keySet()) + ")");
            }
            type = code;
        }
        String name = ".";
        if (block.child("name").isPresent()) {
            ConfNode n = block.child("name").get();
            name = Blocks.single(n);
            String problem = DnsMessage.nameProblem(name);
            if (problem != null) {
                throw Blocks.problem(n, problem);
            }
        }
        return new DnsProbe(name, typeName, type, target, context);
    }

    private static Probe udp(ConfNode block, ProbeTarget target, ProbeContext context) {
        byte[] payload = block.child("payload").map(n -> Blocks.hex(n, Blocks.single(n))).orElse(new byte[0]);
        byte[] require = block.child("require_reply").map(n -> Blocks.hex(n, Blocks.single(n))).orElse(null);
        int min = block.child("min_reply_length").map(n -> Blocks.integer(n, Blocks.single(n), 0, 65_507)).orElse(0);
        int max = block.child("max_reply_length").map(n -> Blocks.integer(n, Blocks.single(n), 0, 65_507)).orElse(65_507);
        if (min > max) {
            throw Blocks.problem(block.child("min_reply_length").get(), min + " is above max_reply_length " + max);
        }
        if (require == null && (block.child("min_reply_length").isPresent() || block.child("max_reply_length").isPresent())) {
            require = new byte[0]; // a length rule needs a reply
        }
        return new UdpProbe(payload, require, min, max, target, context);
    }

    private static Probe misc(ConfNode block, ProbeTarget target, ProbeContext context) {
        ConfNode pathNode = block.child("misc_path").orElseThrow(() ->
                new IllegalArgumentException(block.where() + ": MISC_CHECK: no misc_path"));
        if (pathNode.args().isEmpty()) {
            throw Blocks.problem(pathNode, "value missing");
        }
        List<String> words;
        try {
            words = MiscProbe.words(String.join(" ", pathNode.args()));
        } catch (IllegalArgumentException e) {
            throw Blocks.problem(pathNode, e.getMessage());
        }
        if (words.isEmpty()) {
            throw Blocks.problem(pathNode, "value missing");
        }
        File exe = new File(words.get(0));
        if (!exe.isAbsolute() || !exe.canExecute()) {
            throw Blocks.problem(pathNode, words.get(0) + " is not an executable file given by absolute path");
        }
        Duration timeout = block.child("misc_timeout").map(Blocks::seconds).orElse(target.connectTimeout());
        boolean dynamic = block.child("misc_dynamic").map(Blocks::flag).orElse(false);
        block.child("user").ifPresent(u -> LOG.info("{}: MISC_CHECK {}: user {} ignored: scripts run as the appliance's user",
                u.where(), words.get(0), u.args()));
        return new MiscProbe(words, timeout, dynamic, context);
    }

    private static Probe file(ConfNode block) {
        ConfNode f = block.child("file_path").orElseThrow(() ->
                new IllegalArgumentException(block.where() + ": FILE_CHECK: no file_path"));
        Path path = Path.of(Blocks.single(f));
        if (!path.isAbsolute()) {
            throw Blocks.problem(f, "absolute path expected: " + path);
        }
        int weight = 0;
        boolean reverse = false;
        if (block.child("weight").isPresent()) {
            ConfNode w = block.child("weight").get();
            if (w.args().isEmpty() || w.args().size() > 2) {
                throw Blocks.problem(w, "'weight <n> [reverse|noreverse]' expected");
            }
            weight = Blocks.integer(w, w.arg(0), -254, 254);
            if (w.args().size() == 2) {
                reverse = switch (w.arg(1)) {
                    case "reverse" -> true;
                    case "noreverse" -> false;
                    default -> throw Blocks.problem(w, "reverse or noreverse expected, got '" + w.arg(1) + "'");
                };
            }
        }
        return new FileProbe(path, weight, reverse);
    }

    /** keepalived's default helo_name: the node name (uname), read without a DNS lookup. */
    static String localName() {
        try {
            String n = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            return n.isEmpty() ? "localhost" : n;
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
