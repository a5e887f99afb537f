package org.dsas.healthcheck.probe;

import java.util.Set;

import org.dsas.keepalived.conf.ConfNode;

/**
 * Builds probes from keepalived checker blocks. Validates the block's own keywords (url, path,
 * status_code, digest, virtualhost, helo_name, type, name, misc_path, misc_timeout, file_path, ...)
 * and throws {@link IllegalArgumentException} with one line "file:line: keyword: problem" for a bad
 * one; the connection keywords (connect_ip, connect_port, bind_to, bind_port, connect_timeout) and
 * the engine's (delay_loop, retry, delay_before_retry, warmup, alpha, inhibit_on_failure) are read by
 * the engine and passed as {@code target}.
 */
public interface ProbeFactory {

    /** The block names this factory builds probes for. */
    Set<String> types();

    /** The keywords of a block it understands, beyond the engine's and the connection keywords. */
    Set<String> keywords(String type);

    Probe create(ConfNode block, ProbeTarget target, ProbeContext context);
}
