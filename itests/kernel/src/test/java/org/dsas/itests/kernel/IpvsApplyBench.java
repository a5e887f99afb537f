package org.dsas.itests.kernel;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dsas.kernel.internal.LinuxGenericNetlink;
import org.dsas.lb.api.Endpoint;
import org.dsas.lb.api.ForwardMethod;
import org.dsas.lb.api.Protocol;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceKey;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.ipvs.IpvsDataplane;
import org.dsas.lb.ipvs.IpvsDataplaneProvider;

/**
 * Benchmark 1 (bench/ipvs-apply.sh): S virtual services x R real servers applied to the kernel's IPVS
 * through our netlink path (batched {@link IpvsDataplane#addAll}, and one request per ack through
 * addService/addServer) against {@code ipvsadm-restore} of the same set, flushed between, alternating,
 * in one guest boot and one JVM. Runs in the guest ({@code IpvsApplyBench S R RUNS}), booted by IpvsApplyBenchIT.
 */
public final class IpvsApplyBench {

    public static void main(String[] args) throws Exception {
        inGuest(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    }

    private static void inGuest(int serviceCount, int serverCount, int runs) throws Exception {
        List<VirtualService> desired = new ArrayList<>();
        StringBuilder restore = new StringBuilder();
        InetAddress vip = InetAddress.getByName("203.0.113.1");
        for (int i = 0; i < serviceCount; i++) {
            int port = 10000 + i;
            ServiceKey key = ServiceKey.of(Protocol.TCP, new Endpoint(vip, port));
            restore.append("-A ").append(key.ipvsadmOptions()).append(" -s wlc\n");
            List<RealServer> servers = new ArrayList<>();
            for (int j = 1; j <= serverCount; j++) {
                RealServer r = RealServer.of(new Endpoint(InetAddress.getByName("192.0.2." + j), port),
                        ForwardMethod.MASQUERADE, j);
                servers.add(r);
                restore.append("-a ").append(key.ipvsadmOptions()).append(" -r ").append(r.endpoint())
                        .append(" -m -w ").append(j).append('\n');
            }
            desired.add(new VirtualService(key, "wlc", 0, 32, 0, servers));
        }
        Path file = Files.createTempFile("ipvs-apply", ".rules");
        Files.writeString(file, restore);

        IpvsDataplane ipvs = (IpvsDataplane) new IpvsDataplaneProvider(new LinuxGenericNetlink()).open();
        long[] batched = new long[runs];
        long[] single = new long[runs];
        long[] ipvsadm = new long[runs];
        for (int run = 0; run < runs; run++) {
            ipvs.flush();
            long t0 = System.nanoTime();
            if (!ipvs.addAll(desired).isEmpty()) {
                throw new IllegalStateException("batched apply failed");
            }
            batched[run] = System.nanoTime() - t0;
            List<ServiceState> ours = ipvs.read();
            check(desired, ours, "batched");

            ipvs.flush();
            t0 = System.nanoTime();
            for (VirtualService s : desired) {
                ipvs.addService(s);
                for (RealServer r : s.servers()) {
                    ipvs.addServer(s.key(), r);
                }
            }
            single[run] = System.nanoTime() - t0;
            check(desired, ipvs.read(), "one request per ack");

            ipvs.flush();
            t0 = System.nanoTime();
            Process p = new ProcessBuilder("ipvsadm-restore").redirectInput(file.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("ipvsadm-restore exited " + p.exitValue());
            }
            ipvsadm[run] = System.nanoTime() - t0;
            check(desired, ipvs.read(), "ipvsadm-restore");
            System.out.printf("run %d: ours batched %d ms, ours one-per-ack %d ms, ipvsadm-restore %d ms%n", run + 1,
                    batched[run] / 1_000_000, single[run] / 1_000_000, ipvsadm[run] / 1_000_000);
        }
        ipvs.flush();
        ipvs.close();
        System.out.printf("median of %d runs, %d services x %d real servers (%d objects): ours batched %d ms, "
                        + "ours one-per-ack %d ms, ipvsadm-restore %d ms; ratio batched/ipvsadm %.2f, one-per-ack/ipvsadm %.2f%n",
                runs, serviceCount, serverCount, serviceCount * (serverCount + 1), median(batched) / 1_000_000,
                median(single) / 1_000_000, median(ipvsadm) / 1_000_000,
                (double) median(batched) / median(ipvsadm), (double) median(single) / median(ipvsadm));
    }

    /** The same table, whichever way it went in: a benchmark of a wrong apply measures nothing. */
    private static void check(List<VirtualService> desired, List<ServiceState> actual, String how) {
        List<VirtualService> got = actual.stream().map(ServiceState::service).toList();
        if (!got.equals(desired.stream().sorted(java.util.Comparator.comparing(VirtualService::key)).toList())) {
            throw new IllegalStateException(how + ": the kernel's table differs from the desired set ("
                    + got.size() + " services)");
        }
    }

    private static long median(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
