package org.dsas.healthcheck.probe;

import java.util.List;

import io.netty.channel.EventLoopGroup;

import org.dsas.keepalived.conf.ConfNode;
import org.dsas.kernel.api.NetworkKernel;

/**
 * What probes share: the engine's Netty event loops (no thread per check), the kernel seam for ICMP
 * (may be null where raw sockets are not allowed: PING_CHECK then fails with a clear line), and the
 * top-level SSL blocks of the configuration (ca, certificate, key, password) for SSL_GET.
 */
public record ProbeContext(EventLoopGroup loops, NetworkKernel kernel, List<ConfNode> sslBlocks) {
}
