package org.dsas.metrics.internal;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's settings, checked: what gmond.conf's globals, cluster, host, udp_send_channel, udp_recv_channel and
 * tcp_accept_channel sections say. {@code receivePort} 0 and empty {@code sendTo} switch receiving and sending off.
 */
public record AgentSettings(String cluster, String owner, String latlong, String url, String location,
        String hostName, String hostIp, List<InetSocketAddress> sendTo, int ttl, String multicastInterface,
        String receiveBind, int receivePort, List<String> multicastJoin, String tcpBind, int tcpPort,
        int collectInterval, int sendMetadataInterval, int hostDmax, Path procRoot) {

    public AgentSettings {
        sendTo = List.copyOf(sendTo);
        multicastJoin = List.copyOf(multicastJoin);
        if (collectInterval < 1 || sendMetadataInterval < 0 || hostDmax < 0 || ttl < 0 || ttl > 255) {
            throw new IllegalArgumentException("metrics agent: collectInterval " + collectInterval
                    + ", sendMetadataInterval " + sendMetadataInterval + ", hostDmax " + hostDmax + ", ttl " + ttl
                    + ": out of range");
        }
    }

    /** "239.2.11.71:8649" or "host:port"; a bare address gets port 8649. */
    public static List<InetSocketAddress> channels(String[] specs) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String s : specs == null ? new String[0] : specs) {
            String t = s.trim();
            if (t.isEmpty()) {
                continue;
            }
            int colon = t.lastIndexOf(':');
            try {
                String host = colon < 0 ? t : t.substring(0, colon);
                int port = colon < 0 ? 8649 : Integer.parseInt(t.substring(colon + 1));
                out.add(new InetSocketAddress(java.net.InetAddress.getByName(host), port));
            } catch (java.io.IOException | NumberFormatException e) {
                throw new IllegalArgumentException("metrics agent: send channel " + t + ": not address:port", e);
            }
        }
        return out;
    }
}
