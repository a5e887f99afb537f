package org.dsas.healthcheck.probe.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.dsas.healthcheck.probe.Probe;
import org.dsas.healthcheck.probe.ProbeContext;
import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.healthcheck.probe.ProbeTarget;

/**
 * DNS_CHECK over UDP, keepalived's rules: replies with another id or without the QR bit are ignored
 * (the attempt keeps waiting), RCODE 0 passes, any other RCODE fails. The answer count is reported,
 * not judged: an empty NOERROR answer passes, as in keepalived.
 */
final class DnsProbe implements Probe {

    private final String name;
    private final String typeName;
    private final int type;
    private final ProbeTarget target;
    private final ProbeContext context;

    DnsProbe(String name, String typeName, int type, ProbeTarget target, ProbeContext context) {
        this.name = name;
        this.typeName = typeName;
        this.type = type;
        this.target = target;
        this.context = context;
    }

    @Override
    public String type() {
        return "DNS_CHECK";
    }

    @Override
    public CompletableFuture<ProbeResult> attempt() {
        Attempt a = new Attempt(context.loops().next(), target.connectTimeout());
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        String question = typeName + " " + name;
        DatagramExchange.run(a, target, DnsMessage.query(id, name, type), packet -> {
            DnsMessage.Reply r = DnsMessage.header(packet.content().nioBuffer());
            if (r == null || r.id() != id || !r.response()) {
                return false;
            }
            if (r.rcode() != 0) {
                a.fail("DNS " + question + ": " + r.rcodeName() + " from " + Connector.describe(target));
            } else {
                a.pass("DNS " + question + ": NOERROR, " + r.answers() + " answer(s)");
            }
            return true;
        });
        return a.result;
    }
}
