package org.dsas.healthcheck.internal;

import java.time.Duration;
import java.util.List;

import org.dsas.healthcheck.probe.ProbeTarget;
import org.dsas.keepalived.conf.ConfNode;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.ServiceKey;

/**
 * What a checks file says, validated: per virtual service its quorum settings and sorry server,
 * per real server its notify scripts and checkers, per checker its timing. Notes are the lines the
 * operator should read (keywords not carried, checks that wait for their server); none is an error.
 */
public record CheckPlan(String source, List<ServicePlan> services, List<ConfNode> sslBlocks, List<String> notes) {

    public CheckPlan {
        services = List.copyOf(services);
        sslBlocks = List.copyOf(sslBlocks);
        notes = List.copyOf(notes);
    }

    public static CheckPlan empty(String source) {
        return new CheckPlan(source, List.of(), List.of(), List.of());
    }

    /** A virtual_server block. {@code sorry} is null without sorry_server; {@code sorryMethod} null means "as the service's servers". */
    public record ServicePlan(ServiceKey key, String where, int quorum, int hysteresis, String quorumUp,
            String quorumDown, Endpoint sorry, ForwardMethod sorryMethod, boolean sorryInhibit,
            List<ServerPlan> servers) {

        public ServicePlan {
            servers = List.copyOf(servers);
        }
    }

    /** A real_server block: where, its notify scripts (null when absent) and its checkers. */
    public record ServerPlan(Endpoint endpoint, String where, String notifyUp, String notifyDown,
            List<CheckSpec> checks) {

        public ServerPlan {
            checks = List.copyOf(checks);
        }
    }

    /**
     * One checker block with the engine's settings resolved (checker, else real_server, else
     * virtual_server, else keepalived's default). {@code id} is "service/server/type", with "#n" for
     * the n-th checker of the same type on one server.
     */
    public record CheckSpec(String id, String type, ConfNode block, ProbeTarget target, Duration delayLoop,
            int retry, Duration delayBeforeRetry, Duration warmup, boolean alpha, boolean inhibitOnFailure) {

        @Override
        public String toString() {
            return id;
        }
    }
}
