package org.dsas.itests.kernel.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

import org.dsas.healthcheck.internal.CheckEngine;
import org.dsas.healthcheck.internal.CheckPlan;
import org.dsas.healthcheck.internal.CheckPlan.CheckSpec;
import org.dsas.healthcheck.internal.CheckPlan.ServerPlan;
import org.dsas.healthcheck.internal.CheckPlan.ServicePlan;
import org.dsas.healthcheck.internal.ChecksFileParser;
import org.dsas.healthcheck.internal.NettyCheckScheduler;
import org.dsas.healthcheck.internal.NotifyScripts;
import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.internal.KeepalivedProbeFactory;
import org.dsas.keepalived.conf.ConfNode;
import org.dsas.keepalived.conf.KeepalivedConfParser;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.VirtualService;

/**
 * Our health checks outside the box, built as HealthCheckManager builds them: a keepalived.conf is
 * parsed and validated by ChecksFileParser, every checker gets a probe from KeepalivedProbeFactory,
 * and the CheckEngine runs them on Netty event loops (no thread per check) against a
 * {@link RecordingLbService} whose services are the file's virtual servers (weights from the file).
 * Owns the event loops and the probe factory; {@link #close()} stops everything.
 */
public final class StandaloneChecks implements AutoCloseable {

    private final NioEventLoopGroup loops;
    private final KeepalivedProbeFactory factory = new KeepalivedProbeFactory();
    private final RecordingLbService lb;
    private final CheckEngine engine;
    private final CheckPlan plan;
    private final Map<String, Probe> probes;

    public StandaloneChecks(String confText, String source, int threads, Consumer<RecordingLbService.Verdict> verdicts)
            throws Exception {
        List<ConfNode> top = KeepalivedConfParser.parse(confText, source);
        plan = ChecksFileParser.parse(top, source, ChecksFileParser.Keywords.from(Map.of(
                "TCP_CHECK", factory, "HTTP_GET", factory, "SSL_GET", factory, "MISC_CHECK", factory,
                "SMTP_CHECK", factory, "DNS_CHECK", factory, "UDP_CHECK", factory, "FILE_CHECK", factory)));
        lb = new RecordingLbService(services(top, plan), verdicts);
        loops = new NioEventLoopGroup(threads, new DefaultThreadFactory("dsas-check", true));
        NettyCheckScheduler scheduler = new NettyCheckScheduler(loops);
        ProbeContext context = new ProbeContext(loops, null, plan.sslBlocks());
        Map<String, Probe> probes = new LinkedHashMap<>();
        for (ServicePlan s : plan.services()) {
            for (ServerPlan sp : s.servers()) {
                for (CheckSpec c : sp.checks()) {
                    probes.put(c.id(), factory.create(c.block(), c.target(), context));
                }
            }
        }
        engine = new CheckEngine(lb, scheduler, new NotifyScripts(scheduler, Duration.ofSeconds(10)), (t, p) -> { },
                bound -> bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound));
        this.probes = probes;
    }

    /** Starts every check (first attempts spread over a delay loop, as in the box). */
    public StandaloneChecks start() {
        engine.apply(plan, probes);
        return this;
    }

    public RecordingLbService lb() {
        return lb;
    }

    public CheckEngine engine() {
        return engine;
    }

    public int checkCount() {
        return probes.size();
    }

    @Override
    public void close() {
        engine.stop();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        factory.close();
    }

    /** The load balancer's desired state as the file has it: real servers with their weight (default 1). */
    private static List<VirtualService> services(List<ConfNode> top, CheckPlan plan) {
        List<ConfNode> blocks = top.stream().filter(n -> n.keyword().equals("virtual_server")).toList();
        List<VirtualService> out = new ArrayList<>();
        for (int i = 0; i < plan.services().size(); i++) {
            ServicePlan s = plan.services().get(i);
            List<ConfNode> rsBlocks = blocks.get(i).children("real_server");
            List<RealServer> servers = new ArrayList<>();
            for (int j = 0; j < s.servers().size(); j++) {
                Endpoint e = s.servers().get(j).endpoint();
                int weight = rsBlocks.get(j).child("weight").map(w -> Integer.parseInt(w.arg(0))).orElse(1);
                servers.add(RealServer.of(e, ForwardMethod.MASQUERADE, weight));
            }
            out.add(VirtualService.of(s.key(), "rr").withServers(servers));
        }
        return out;
    }
}
