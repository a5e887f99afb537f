package org.dsas.lb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dsas.lb.api.Counters;
import org.dsas.lb.api.ServerState;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.api.VirtualService;
import org.dsas.lb.internal.Reconciler;
import org.dsas.lb.internal.text.IpvsadmSave;

/**
 * Benchmark 3 of issue 5 (bench/lb-diff.sh runs it): what lb:diff costs for N services. Reads a desired
 * state and an "actual" state (ipvsadm-save files), then times, over several runs after warm-up, the
 * desired-state parse and the Reconciler diff; prints one line per figure for the script.
 */
public final class DiffBench {

    public static void main(String[] args) throws Exception {
        List<VirtualService> desired = IpvsadmSave.parse(Files.readString(Path.of(args[0])), args[0]);
        List<VirtualService> actualServices = IpvsadmSave.parse(Files.readString(Path.of(args[1])), args[1]);
        int runs = Integer.parseInt(args[2]);
        List<ServiceState> actual = new ArrayList<>();
        for (VirtualService s : actualServices) {
            actual.add(new ServiceState(s, Counters.ZERO,
                    s.servers().stream().map(r -> new ServerState(r, 0, 0, 0, Counters.ZERO)).toList()));
        }
        long[] parse = new long[runs];
        long[] diff = new long[runs];
        int changes = 0;
        String text = Files.readString(Path.of(args[0]));
        for (int i = -3; i < runs; i++) {
            long t0 = System.nanoTime();
            IpvsadmSave.parse(text, args[0]);
            long t1 = System.nanoTime();
            changes = Reconciler.diff(desired, actual, Reconciler.Foreign.REMOVE).size();
            long t2 = System.nanoTime();
            if (i >= 0) {
                parse[i] = t1 - t0;
                diff[i] = t2 - t1;
            }
        }
        Arrays.sort(parse);
        Arrays.sort(diff);
        System.out.printf("services %d changes %d%n", desired.size(), changes);
        System.out.printf("parse_ms_median %.1f%n", parse[runs / 2] / 1e6);
        System.out.printf("diff_ms_median %.1f%n", diff[runs / 2] / 1e6);
        System.out.printf("diff_ms_min %.1f%n", diff[0] / 1e6);
    }
}
