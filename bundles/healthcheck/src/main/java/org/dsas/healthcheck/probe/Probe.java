package org.dsas.healthcheck.probe;

import java.util.concurrent.CompletableFuture;

/**
 * One configured checker against one real server. {@link #attempt()} starts an attempt and
 * returns at once; the future completes (never exceptionally: failures are results) within the
 * checker's connect timeout, whatever the target does. No thread is held while waiting.
 */
public interface Probe {

    /** keepalived's block name: TCP_CHECK, HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK, MISC_CHECK, UDP_CHECK, PING_CHECK, FILE_CHECK. */
    String type();

    CompletableFuture<ProbeResult> attempt();

    /** Releases what the probe holds (sockets, SSL contexts, a running script). */
    default void close() {
    }
}
