package org.dsas.lb.api;

import java.util.List;

import org.dsas.keepalived.conf.ConfNode;

/**
 * Checks health-check configuration (the keepalived statements the checks file holds: virtual_server
 * blocks with their real_server and checker blocks, SSL blocks) by the rules the health checks load it
 * with. The health-check capability registers it as a service; lb:import-keepalived asks it before it
 * writes anything, so the lb never depends on the health checks and never writes a checks file they
 * would refuse.
 */
public interface CheckConfigValidator {

    /**
     * Every problem of these top-level statements, one line each ({@code file:line: keyword: problem},
     * named by where each statement came from); empty when the health checks would load them.
     */
    List<String> validate(List<ConfNode> statements);
}
