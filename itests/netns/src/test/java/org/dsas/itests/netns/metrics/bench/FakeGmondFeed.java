package org.dsas.itests.netns.metrics.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's data source: a fake gmond that answers every TCP connection with one cluster of {@code hosts}
 * hosts, each with {@code metrics} numeric metrics (float, slope both, GROUP extra data as gmond sends it), in
 * gmond 3.7.2's XML. Values change on every poll so that every RRD update writes a new number.
 * {@code FakeGmondFeed <bind> <port> <cluster> <hosts> <metrics>}; runs until killed; prints each poll it served with
 * the local address it was made to (so two pollers told apart by the address they poll are counted apart).
 */
public final class FakeGmondFeed {

    private FakeGmondFeed() {
    }

    public static void main(String[] args) throws IOException {
        String cluster = args[2];
        int hosts = Integer.parseInt(args[3]);
        int metrics = Integer.parseInt(args[4]);
        long started = System.currentTimeMillis() / 1000;
        AtomicLong polls = new AtomicLong();
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1])), 64);
            System.out.println("FEED LISTENING " + args[0] + ":" + args[1] + " cluster " + cluster + ", " + hosts
                    + " hosts x " + metrics + " metrics");
            System.out.flush();
            while (true) {
                Socket s = server.accept();
                long poll = polls.incrementAndGet();
                // one thread per poll: a slow reader (gmetad parsing as it reads) must not hold up the other
                Thread t = new Thread(() -> serve(s, cluster, hosts, metrics, started, poll), "poll-" + poll);
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void serve(Socket s, String cluster, int hosts, int metrics, long started, long poll) {
        long t0 = System.nanoTime();
        try (s; OutputStream out = s.getOutputStream()) {
            byte[] xml = document(cluster, hosts, metrics, started, poll).getBytes(StandardCharsets.ISO_8859_1);
            out.write(xml);
            out.flush();
            System.out.println("poll " + poll + " to " + s.getLocalAddress().getHostAddress() + ": " + xml.length
                    + " bytes in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        } catch (IOException e) {
            System.out.println("poll " + poll + " to " + s.getLocalAddress().getHostAddress() + ": " + e);
        }
    }

    /** The cluster as gmond serves it; value = f(host, metric, poll) so each poll differs from the last. */
    static String document(String cluster, int hosts, int metrics, long started, long poll) {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder b = new StringBuilder(hosts * metrics * 220 + 1024);
        b.append("<?xml version=\"1.0\" encoding=\"ISO-8859-1\" standalone=\"yes\"?>\n")
                .append("<GANGLIA_XML VERSION=\"3.7.2\" SOURCE=\"gmond\">\n")
                .append("<CLUSTER NAME=\"").append(cluster).append("\" LOCALTIME=\"").append(now)
                .append("\" OWNER=\"unspecified\" LATLONG=\"unspecified\" URL=\"unspecified\">\n");
        for (int h = 0; h < hosts; h++) {
            String name = "node" + h;
            // 10.x addresses are only names in the document; nothing is sent to them
            String ip = "10." + (h >> 16 & 255) + "." + (h >> 8 & 255) + "." + (h & 255);
            b.append("<HOST NAME=\"").append(name).append("\" IP=\"").append(ip).append("\" TAGS=\"\" REPORTED=\"")
                    .append(now).append("\" TN=\"1\" TMAX=\"20\" DMAX=\"0\" LOCATION=\"unspecified\" GMOND_STARTED=\"")
                    .append(started).append("\">\n");
            for (int m = 0; m < metrics; m++) {
                double v = ((h * 31L + m * 7L + poll * 13L) % 1000) / 10.0;
                b.append("<METRIC NAME=\"bench_m").append(m).append("\" VAL=\"").append(v)
                        .append("\" TYPE=\"float\" UNITS=\"\" TN=\"1\" TMAX=\"60\" DMAX=\"0\" SLOPE=\"both\" SOURCE=\"gmond\">\n")
                        .append("<EXTRA_DATA>\n<EXTRA_ELEMENT NAME=\"GROUP\" VAL=\"bench\"/>\n</EXTRA_DATA>\n</METRIC>\n");
            }
            b.append("</HOST>\n");
        }
        b.append("</CLUSTER>\n</GANGLIA_XML>\n");
        return b.toString();
    }
}
