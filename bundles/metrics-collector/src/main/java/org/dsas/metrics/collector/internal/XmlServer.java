package org.dsas.metrics.collector.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

import org.dsas.metrics.collector.xml.GridXmlWriter.Query;
import org.dsas.metrics.listen.LineListener;
import org.dsas.metrics.listen.Limits;
import org.dsas.metrics.listen.PushListener;
import org.dsas.metrics.listen.Rejections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns gmetad's two TCP ports: the XML port (8651) writes the whole grid to whoever connects; the interactive
 * port (8652) reads one request line ({@code /cluster/host?filter=summary}) and writes what it names. Both are
 * Netty listeners ({@link org.dsas.metrics.listen}): a client gets {@link #CLIENT_SECONDS} for its whole exchange,
 * at most {@link #PER_CLIENT} connections per address, a request line of at most {@link #MAX_REQUEST} bytes that
 * starts with '/' (or is empty: the whole grid), so no client can hold the others up; refusals are counted.
 */
public final class XmlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(XmlServer.class);
    static final int CLIENT_SECONDS = 30;
    static final int PER_CLIENT = 8;
    static final int MAX_REQUEST = 1024;
    static final Limits LIMITS = new Limits(CLIENT_SECONDS * 1000, PER_CLIENT, MAX_REQUEST);
    /** The names of the two ports' counters (status keys and the {@code listener} label). */
    static final String XML = "collectorXml";
    static final String INTERACTIVE = "collectorInteractive";

    private final Function<Query, String> render;
    private final Rejections xmlRejections;
    private final Rejections interactiveRejections;
    private PushListener xml;
    private LineListener interactive;

    /** @param render the XML for a query (rendered in memory on the listener's thread, then written) */
    public XmlServer(Function<Query, String> render) {
        this(render, Rejections.named(XML), Rejections.named(INTERACTIVE));
    }

    /** For tests: counters of their own. */
    XmlServer(Function<Query, String> render, Rejections xmlRejections, Rejections interactiveRejections) {
        this.render = render;
        this.xmlRejections = xmlRejections;
        this.interactiveRejections = interactiveRejections;
    }

    /** Binds the ports (0 = that port off). */
    public void start(String bind, int xmlPort, int interactivePort) throws IOException {
        InetAddress address = InetAddress.getByName(bind);
        try {
            if (xmlPort > 0) {
                xml = new PushListener("metrics-collector-xml-" + xmlPort, new InetSocketAddress(address, xmlPort),
                        LIMITS, xmlRejections, () -> render.apply(Query.ALL), StandardCharsets.ISO_8859_1);
                LOG.info("metrics-collector: gmetad grid XML on {}", xml.localAddress());
            }
            if (interactivePort > 0) {
                interactive = new LineListener("metrics-collector-interactive-" + interactivePort,
                        new InetSocketAddress(address, interactivePort), LIMITS, interactiveRejections,
                        line -> request(line).map(render), StandardCharsets.ISO_8859_1);
                LOG.info("metrics-collector: gmetad interactive XML on {}", interactive.localAddress());
            }
        } catch (IOException e) {
            close();
            throw new IOException("metrics-collector: " + e.getMessage(), e);
        }
    }

    /** gmetad's request: empty (the whole grid) or a path from '/', printable ASCII; anything else is garbage. */
    static Optional<Query> request(String line) {
        String r = line.strip();
        if (!r.isEmpty() && (r.charAt(0) != '/' || !r.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
            return Optional.empty();
        }
        return Optional.of(Query.parse(r));
    }

    public int xmlPort() {
        return xml == null ? 0 : xml.localAddress().getPort();
    }

    public int interactivePort() {
        return interactive == null ? 0 : interactive.localAddress().getPort();
    }

    /** For tests: the address the XML port bound (null when off). */
    InetSocketAddress xmlAddress() {
        return xml == null ? null : xml.localAddress();
    }

    /** For tests: the address the interactive port bound (null when off). */
    InetSocketAddress interactiveAddress() {
        return interactive == null ? null : interactive.localAddress();
    }

    @Override
    public void close() {
        if (xml != null) {
            xml.close();
            xml = null;
        }
        if (interactive != null) {
            interactive.close();
            interactive = null;
        }
    }
}
