package org.dsas.metrics.collector.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.dsas.metrics.collector.xml.GridXmlWriter.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns gmetad's two TCP ports: the XML port (8651) writes the whole grid to whoever connects; the interactive
 * port (8652) reads one request line ({@code /cluster/host?filter=summary}) and writes what it names. A client
 * gets {@link #CLIENT_SECONDS} to read its answer, then its connection is closed, so slow readers cannot hold
 * the server's threads.
 */
public final class XmlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(XmlServer.class);
    static final int CLIENT_SECONDS = 30;
    private static final int MAX_REQUEST = 1024;

    private final Function<Query, String> render;
    private final ExecutorService workers;
    private final ScheduledExecutorService watchdog;
    private ServerSocket xml;
    private ServerSocket interactive;

    /** @param render the XML for a query (rendered in memory, then written: the poll threads are never held) */
    public XmlServer(Function<Query, String> render) {
        this.render = render;
        AtomicInteger n = new AtomicInteger();
        // gmetad's server_threads default: 4.
        this.workers = Executors.newFixedThreadPool(4, r -> daemon(r, "metrics-collector-xml-" + n.incrementAndGet()));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "metrics-collector-xml-watchdog"));
    }

    /** Binds the ports (0 = that port off). */
    public void start(String bind, int xmlPort, int interactivePort) throws IOException {
        InetAddress address = InetAddress.getByName(bind);
        if (xmlPort > 0) {
            xml = listen(address, xmlPort, false);
        }
        if (interactivePort > 0) {
            interactive = listen(address, interactivePort, true);
        }
    }

    public int xmlPort() {
        return xml == null ? 0 : xml.getLocalPort();
    }

    public int interactivePort() {
        return interactive == null ? 0 : interactive.getLocalPort();
    }

    private ServerSocket listen(InetAddress address, int port, boolean withRequest) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(address, port), 64);
        } catch (IOException e) {
            server.close();
            throw new IOException("metrics-collector: listen on " + address.getHostAddress() + ":" + port + ": "
                    + e.getMessage(), e);
        }
        Thread acceptor = daemon(() -> accept(server, withRequest),
                "metrics-collector-accept-" + server.getLocalPort());
        acceptor.start();
        LOG.info("metrics-collector: gmetad {} XML on {}:{}", withRequest ? "interactive" : "grid",
                address.getHostAddress(), server.getLocalPort());
        return server;
    }

    private void accept(ServerSocket server, boolean withRequest) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                workers.execute(() -> serve(client, withRequest));
            } catch (SocketException e) {
                return; // closed
            } catch (IOException | RuntimeException e) {
                LOG.warn("metrics-collector: accept on {}: {}", server.getLocalPort(), e.toString());
            }
        }
    }

    private void serve(Socket client, boolean withRequest) {
        var guard = watchdog.schedule(() -> closeQuietly(client), CLIENT_SECONDS, TimeUnit.SECONDS);
        try (client) {
            Query query = Query.ALL;
            if (withRequest) {
                client.setSoTimeout(CLIENT_SECONDS * 1000);
                query = Query.parse(readLine(client.getInputStream()));
            }
            Writer out = new BufferedWriter(new OutputStreamWriter(client.getOutputStream(),
                    StandardCharsets.ISO_8859_1), 65536);
            out.write(render.apply(query));
            out.flush();
        } catch (IOException e) {
            LOG.debug("metrics-collector: client {}: {}", client.getRemoteSocketAddress(), e.toString());
        } catch (RuntimeException e) {
            LOG.warn("metrics-collector: client {}: {}", client.getRemoteSocketAddress(), e.toString());
        } finally {
            guard.cancel(false);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (b.length() >= MAX_REQUEST) {
                throw new IOException("request longer than " + MAX_REQUEST + " bytes");
            }
            b.append((char) c);
        }
        return b.toString();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        for (ServerSocket s : new ServerSocket[] {xml, interactive}) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
        workers.shutdownNow();
        watchdog.shutdownNow();
    }
}
