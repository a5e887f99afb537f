package org.dsas.itests.kernel.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Our health checks as a process of their own, for bench/checks-vs-keepalived.sh: starts the engine
 * on a keepalived.conf ({@link StandaloneChecks}, in-memory load balancer) and prints one line per
 * verdict the load balancer receives, "verdict EPOCH_MS SERVICE/SERVER UP|DOWN reason", until it is
 * terminated. Usage: CheckRunner conf-file [event-loop threads, default 1: the engine's default].
 */
public final class CheckRunner {

    private CheckRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CheckRunner <keepalived.conf> [threads]");
            System.exit(2);
        }
        Path conf = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        StandaloneChecks checks = new StandaloneChecks(Files.readString(conf), conf.toString(), threads,
                v -> System.out.println("verdict " + v.at() + " " + v.key() + " " + (v.up() ? "UP" : "DOWN") + " "
                        + v.reason()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            checks.close();
            stopped.countDown();
        }, "check-runner-stop"));
        checks.start();
        System.out.println("started " + checks.checkCount() + " checks at " + System.currentTimeMillis());
        stopped.await();
    }
}
