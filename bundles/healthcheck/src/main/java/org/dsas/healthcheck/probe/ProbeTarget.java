package org.dsas.healthcheck.probe;

import java.net.InetAddress;
import java.time.Duration;

/**
 * Where and how a probe connects: the real server's address and port unless the checker block
 * overrides them (connect_ip, connect_port), an optional bind address/port (bind_to, bind_port), and
 * the connect timeout (connect_timeout, default 5 s as keepalived).
 */
public record ProbeTarget(InetAddress address, int port, InetAddress bindAddress, int bindPort,
        Duration connectTimeout) {
}
