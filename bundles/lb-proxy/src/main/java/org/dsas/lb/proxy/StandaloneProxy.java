package org.dsas.lb.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.dataplane.DataplaneException;

/**
 * The proxy dataplane outside OSGi, for the network-namespace tests and the benchmark: {@code java -cp ...
 * org.dsas.lb.proxy.StandaloneProxy <spec> [<control socket>]}. The spec has one directive a line:
 *
 * <pre>
 * threads 2
 * transport nio                               (auto, nio or epoll; before the first service)
 * service tcp 192.0.2.100:80 wrr [persistence 300 24]
 * server 198.51.100.1:80 3 [upper lower]      (a real server of the service above)
 * </pre>
 *
 * It prints "READY" once every listener is up. On the optional Unix control socket each line is a command:
 * {@code read} answers one line per service and real server and then "END"; a spec directive
 * ({@code server ...} for the last service) or {@code delete-server <service-proto> <vip:port> <rs:port>}
 * changes the running proxy and answers "OK" or "ERROR message".
 */
public final class StandaloneProxy {

    private ProxyDataplane proxy;
    private ServiceKey current;
    private int threads;
    private String transport = "auto";

    public static void main(String[] args) throws Exception {
        StandaloneProxy p = new StandaloneProxy();
        List<String> spec = Files.readAllLines(Path.of(args[0]));
        for (String line : spec) {
            String r = p.apply(line);
            if (r.startsWith("ERROR")) {
                System.out.println(r);
                System.exit(1);
            }
        }
        System.out.println("READY transport=" + p.dataplane().transport());
        System.out.flush();
        if (args.length > 1) {
            p.control(Path.of(args[1]));
        } else {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private ProxyDataplane dataplane() {
        if (proxy == null) {
            proxy = new ProxyDataplane(new ProxyDataplane.Settings(threads, 300, 5000, 1024, transport));
        }
        return proxy;
    }

    synchronized String apply(String line) {
        String[] f = line.trim().split("\\s+");
        try {
            switch (f[0]) {
                case "", "#" -> {
                }
                case "threads" -> threads = Integer.parseInt(f[1]);
                case "transport" -> transport = f[1];
                case "service" -> {
                    current = ServiceKey.of(Protocol.valueOf(f[1].toUpperCase()), endpoint(f[2]));
                    int timeout = f.length > 5 && f[4].equals("persistence") ? Integer.parseInt(f[5]) : 0;
                    int mask = f.length > 6 ? Integer.parseInt(f[6]) : 32;
                    dataplane().addService(new VirtualService(current, f[3], timeout, mask, 0, List.of()));
                }
                case "server" -> {
                    int upper = f.length > 3 ? Integer.parseInt(f[3]) : 0;
                    int lower = f.length > 4 ? Integer.parseInt(f[4]) : 0;
                    dataplane().addServer(current, new RealServer(endpoint(f[1]), ForwardMethod.MASQUERADE,
                            Integer.parseInt(f[2]), upper, lower));
                }
                case "delete-server" -> dataplane().deleteServer(
                        ServiceKey.of(Protocol.valueOf(f[1].toUpperCase()), endpoint(f[2])), endpoint(f[3]));
                default -> {
                    return "ERROR unknown directive: " + line;
                }
            }
            return "OK";
        } catch (DataplaneException | RuntimeException | IOException e) {
            return "ERROR " + e.getMessage();
        }
    }

    /** "TCP 192.0.2.100:80 conns=7" and "  198.51.100.1:80 weight=1 active=2 inactive=0 conns=3" lines. */
    synchronized String read() throws DataplaneException {
        StringBuilder b = new StringBuilder();
        for (ServiceState s : dataplane().read()) {
            b.append(s.service().key()).append(" conns=").append(s.counters().connections()).append('\n');
            for (ServerState rs : s.servers()) {
                b.append("  ").append(rs.server().endpoint()).append(" weight=").append(rs.server().weight())
                        .append(" active=").append(rs.activeConnections())
                        .append(" inactive=").append(rs.inactiveConnections())
                        .append(" conns=").append(rs.counters().connections()).append('\n');
            }
        }
        return b.append("END\n").toString();
    }

    private void control(Path socket) throws IOException {
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            while (true) {
                try (SocketChannel c = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                            StandardCharsets.UTF_8));
                    Writer out = new PrintWriter(new OutputStreamWriter(Channels.newOutputStream(c),
                            StandardCharsets.UTF_8));
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.write(line.trim().equals("read") ? read() : apply(line) + "\n");
                        out.flush();
                    }
                } catch (IOException | DataplaneException e) {
                    System.out.println("control: " + e.getMessage());
                }
            }
        }
    }

    private static Endpoint endpoint(String s) throws IOException {
        int colon = s.lastIndexOf(':');
        String host = s.substring(0, colon).replace("[", "").replace("]", "");
        return new Endpoint(InetAddress.getByName(host), Integer.parseInt(s.substring(colon + 1)));
    }
}
