package org.dsas.metrics.collector.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.stream.XMLStreamException;

import org.dsas.metrics.api.MetricHistory.SourceStatus;
import org.dsas.metrics.collector.internal.DataSourceSpec.Address;
import org.dsas.metrics.collector.xml.GangliaDocument;
import org.dsas.metrics.collector.xml.GangliaXmlParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the polling of the data sources: one thread pool with one thread per source, so a source that accepts
 * and never answers holds only its own thread, and each poll bounded in time (connect and the whole read) and
 * size. Each step it reads the XML of the first address that answers (starting at the last good one, as
 * gmetad), hands the parsed document to the {@link Sink} and records how the poll went.
 */
public final class SourcePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourcePoller.class);

    /** Receives each good poll, on the source's poll thread. */
    @FunctionalInterface
    public interface Sink {
        /** @return a short note for the source's status ("12 hosts, 380 RRD updates in 9 ms") */
        String polled(DataSourceSpec source, Address from, GangliaDocument document, long polledAtMillis);
    }

    private final List<DataSourceSpec> sources;
    private final Duration timeout;
    private final long maxBytes;
    private final Sink sink;
    private final Map<String, SourceStatus> status = new ConcurrentHashMap<>();
    private final Map<String, Integer> lastGood = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private ScheduledThreadPoolExecutor pool;

    public SourcePoller(List<DataSourceSpec> sources, Duration timeout, long maxBytes, Sink sink) {
        this.sources = List.copyOf(sources);
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.sink = sink;
        for (DataSourceSpec s : this.sources) {
            status.put(s.name(), new SourceStatus(s.name(), addresses(s), false, "not polled yet", 0));
            polls.put(s.name(), new AtomicInteger());
        }
    }

    public synchronized void start() {
        AtomicInteger n = new AtomicInteger();
        pool = new ScheduledThreadPoolExecutor(Math.max(1, sources.size()), r -> {
            Thread t = new Thread(r, "metrics-collector-poll-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        for (DataSourceSpec s : sources) {
            // Spread the first polls over a second so sources do not all connect at the same instant.
            long delay = ThreadLocalRandom.current().nextLong(1000);
            pool.scheduleAtFixedRate(() -> pollOnce(s), delay, s.step() * 1000L, TimeUnit.MILLISECONDS);
        }
        LOG.info("metrics-collector: polling {} data sources {}", sources.size(), sources);
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            // Interrupts do not wake a blocked socket read; the poll's deadline ends it.
            pool.shutdownNow();
            pool = null;
        }
    }

    public List<SourceStatus> statuses() {
        List<SourceStatus> list = new ArrayList<>();
        for (DataSourceSpec s : sources) {
            list.add(status.get(s.name()));
        }
        return list;
    }

    /** Completed polls of a source, good or bad. */
    public int polls(String source) {
        AtomicInteger n = polls.get(source);
        return n == null ? 0 : n.get();
    }

    /** One poll of one source: its addresses in turn until one gives a whole document. Never throws. */
    void pollOnce(DataSourceSpec s) {
        try {
            int first = lastGood.getOrDefault(s.name(), 0);
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < s.addresses().size(); i++) {
                int index = (first + i) % s.addresses().size();
                Address a = s.addresses().get(index);
                long started = System.nanoTime();
                try {
                    GangliaDocument doc = fetch(a);
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    long now = System.currentTimeMillis();
                    String note = sink.polled(s, a, doc, now);
                    int hosts = doc.clusters().stream().mapToInt(c -> c.hosts().size()).sum();
                    lastGood.put(s.name(), index);
                    status.put(s.name(), new SourceStatus(s.name(), a.toString(), true,
                            "ok " + hosts + " hosts in " + ms + " ms" + (note.isEmpty() ? "" : ", " + note),
                            now / 1000));
                    return;
                } catch (IOException | XMLStreamException | RuntimeException e) {
                    String why = a + ": " + reason(e);
                    failures.add(why);
                    LOG.debug("metrics-collector: data source {}: {}", s.name(), why);
                }
            }
            SourceStatus before = status.get(s.name());
            String detail = String.join("; ", failures);
            if (before.ok() || before.lastPollEpochSeconds() == 0) {
                LOG.warn("metrics-collector: data source {} down: {}", s.name(), detail);
            }
            status.put(s.name(), new SourceStatus(s.name(), addresses(s), false, detail,
                    System.currentTimeMillis() / 1000));
        } finally {
            polls.get(s.name()).incrementAndGet();
        }
    }

    /** Reads and parses one address's XML within the timeout and the size limit. */
    GangliaDocument fetch(Address a) throws IOException, XMLStreamException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(a.host(), a.port()), (int) Math.max(1, timeout.toMillis()));
            InputStream in = new BufferedInputStream(new BoundedInput(socket, deadline, maxBytes, timeout), 65536);
            return GangliaXmlParser.parse(in);
        }
    }

    static String reason(Throwable e) {
        // StAX wraps the stream's IOException: report the I/O cause, not the parser's.
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof XMLStreamException x ? x.getNestedException() : null) {
            if (t instanceof SocketTimeoutException || t instanceof ConnectException
                    || t instanceof UnknownHostException || t instanceof LimitException) {
                return t instanceof UnknownHostException ? "unknown host " + t.getMessage()
                        : t instanceof ConnectException ? "connect: " + t.getMessage() : t.getMessage();
            }
            if (t == t.getCause()) {
                break;
            }
        }
        String m = e.getMessage();
        return (e instanceof XMLStreamException ? "bad XML: " : "") + (m == null ? e.toString() : m.replace('\n', ' '));
    }

    private static String addresses(DataSourceSpec s) {
        return String.join(" ", s.addresses().stream().map(Address::toString).toList());
    }

    /** Over the size limit. */
    static final class LimitException extends IOException {
        LimitException(String message) {
            super(message);
        }
    }

    /**
     * The socket's input, ending the read at an absolute deadline (a source that sends a byte a second would
     * pass any per-read timeout) and after {@code max} bytes.
     */
    private static final class BoundedInput extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;
        private final long max;
        private final Duration timeout;
        private long count;

        BoundedInput(Socket socket, long deadline, long max, Duration timeout) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
            this.max = max;
            this.timeout = timeout;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = read(b, 0, 1);
            return n < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new SocketTimeoutException("no complete XML within " + timeout.toMillis() + " ms");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int n;
            try {
                n = in.read(b, off, (int) Math.min(len, max - count + 1));
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no complete XML within " + timeout.toMillis() + " ms");
            }
            if (n > 0) {
                count += n;
                if (count > max) {
                    throw new LimitException("XML larger than " + max + " bytes");
                }
            }
            return n;
        }
    }
}
