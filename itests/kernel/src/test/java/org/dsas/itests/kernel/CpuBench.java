package org.dsas.itests.kernel;

import java.util.HashMap;
import java.util.Map;

/**
 * A small CPU-bound Java program, run the same way on the host and in the guest to compare the
 * JVM's speed (see KernelGuestJavaIT and docs/testing.md). Prints
 * {@code cpu-bench rounds=N first-ms=F total-ms=T checksum=C}: F is the first round (JIT still
 * warming up), T all rounds; C must agree between host and guest.
 */
public final class CpuBench {

    private CpuBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long start = System.nanoTime();
        long checksum = 0;
        long first = 0;
        for (int r = 0; r < rounds; r++) {
            checksum = checksum * 31 + round(r);
            if (r == 0) {
                first = System.nanoTime() - start;
            }
        }
        long total = System.nanoTime() - start;
        System.out.printf("cpu-bench rounds=%d first-ms=%d total-ms=%d checksum=%d%n",
                rounds, first / 1_000_000, total / 1_000_000, checksum);
    }

    /** A sieve (arrays, branches), a hash map (allocation, boxing, GC), string building. */
    static long round(int seed) {
        int n = 2_000_000;
        boolean[] composite = new boolean[n + 1];
        long primes = 0;
        for (int i = 2; i <= n; i++) {
            if (!composite[i]) {
                primes += i;
                for (long j = (long) i * i; j <= n; j += i) {
                    composite[(int) j] = true;
                }
            }
        }
        Map<Integer, Integer> counts = new HashMap<>();
        long x = 88172645463325252L + seed;
        for (int i = 0; i < 300_000; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            counts.merge((int) (x & 0xFFFF), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            sb.append(i % 97).append(',');
        }
        return primes + counts.size() * 7L + sb.toString().hashCode();
    }
}
