package org.dsas.lb.api;

/** A real server as a dataplane has it now: its settings, connection counts and counters. */
public record ServerState(RealServer server, int activeConnections, int inactiveConnections,
        int persistentConnections, Counters counters) {
}
