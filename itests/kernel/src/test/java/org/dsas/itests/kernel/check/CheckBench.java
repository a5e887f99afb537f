package org.dsas.itests.kernel.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The health-check benchmark (bench/checks-vs-keepalived.sh): {@code checks} real servers (default 10,000; a multiple
 * of 100 up to 10,000), 100 per virtual server, half HTTP_GET (ports 8000-8009) and half TCP_CHECK (ports
 * 9000-9009) on 500 addresses, delay_loop 1,
 * against {@link BenchTargets} in this JVM. For each checker, one after the other and the same way:
 * start it, wait the warm-up, measure CPU (utime+stime from /proc/PID/stat) and memory (VmRSS, VmHWM)
 * over the window while every target is healthy, then make {@code victims} real servers refuse
 * connections at once (an nftables reject with TCP reset, as a killed listener answers) and time each
 * one's removal. Ours is {@link CheckRunner} in its own JVM; keepalived is {@code keepalived --check}
 * (guest only: it needs IPVS). Usage: CheckBench guest|host warmup-s window-s victims checks [jvm options...].
 * In host mode the real servers are 127.0.1.x and 127.0.2.x (loopback), keepalived and victims are skipped.
 */
public final class CheckBench {

    private static final Path DIR = Path.of("/tmp/dsas-check-bench");
    private static final int PER_SERVICE = 100;
    private static final int MAX_CHECKS = 10_000;
    private static final List<Integer> HTTP_PORTS = range(8000, 10);
    private static final List<Integer> TCP_PORTS = range(9000, 10);
    private static final Pattern REMOVING = Pattern.compile(
            "Removing service \\[([^\\]]+)\\]:tcp:(\\d+) from VS \\[([^\\]]+)\\]:tcp:(\\d+)");
    private static final long CLK_TCK = 100;

    private CheckBench() {
    }

    /** One measured checker. */
    private record Figures(String who, long checks, double cpuSeconds, double windowSeconds, long rssKiB, long hwmKiB,
            long accepted, List<Long> detectMillis, int victims, long falseDowns) {
    }

    public static void main(String[] args) throws Exception {
        boolean guest = args[0].equals("guest");
        int warmup = Integer.parseInt(args[1]);
        int window = Integer.parseInt(args[2]);
        int victims = guest ? Integer.parseInt(args[3]) : 0;
        int checks = Integer.parseInt(args[4]);
        if (checks < PER_SERVICE || checks > MAX_CHECKS || checks % PER_SERVICE != 0) {
            throw new IllegalArgumentException("check bench: " + checks + " checks: not a multiple of " + PER_SERVICE
                    + " from " + PER_SERVICE + " to " + MAX_CHECKS);
        }
        List<String> jvm = Arrays.asList(args).subList(5, args.length);
        Files.createDirectories(DIR);
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            addresses.add((guest ? "198.51.100." : "127.0.1.") + i);
        }
        for (int i = 1; i <= 250; i++) {
            addresses.add((guest ? "203.0.113." : "127.0.2.") + i);
        }
        List<String> keys = new ArrayList<>();
        Path conf = DIR.resolve("bench.conf");
        Files.writeString(conf, conf(addresses, checks, keys));
        // every 100th real server, offset so they fall on all ports: 50 HTTP_GET, 50 TCP_CHECK
        List<String> victimKeys = new ArrayList<>();
        for (int v = 0; v < victims; v++) {
            victimKeys.add(keys.get((v * keys.size() / victims + 37) % keys.size()));
        }
        System.out.printf(Locale.ROOT, "[bench] %s: %d checks (%d HTTP_GET, %d TCP_CHECK), delay_loop 1 s, warm-up %d s,"
                + " window %d s, %d victims, cpus %d%n", args[0], keys.size(), keys.size() / 2, keys.size() / 2, warmup,
                window, victims, Runtime.getRuntime().availableProcessors());
        List<Figures> all = new ArrayList<>();
        try (BenchTargets targets = new BenchTargets(concat(HTTP_PORTS, TCP_PORTS))) {
            all.add(ours(conf, jvm, targets, keys.size(), warmup, window, victimKeys));
            if (guest) {
                all.add(keepalived(conf, targets, keys.size(), warmup, window, victimKeys));
            }
        }
        for (Figures f : all) {
            print(f);
        }
        if (all.size() == 2) {
            Figures o = all.get(0);
            Figures k = all.get(1);
            System.out.printf(Locale.ROOT, "[bench] ratio ours/keepalived: cpu %.2f, rss %.2f, hwm %.2f, median detection"
                    + " %.2f, p99 detection %.2f%n", o.cpuSeconds() / k.cpuSeconds(), (double) o.rssKiB() / k.rssKiB(),
                    (double) o.hwmKiB() / k.hwmKiB(), (double) pct(o.detectMillis(), 50) / pct(k.detectMillis(), 50),
                    (double) pct(o.detectMillis(), 99) / pct(k.detectMillis(), 99));
        }
    }

    // ------------------------------------------------------------------ the two checkers

    private static Figures ours(Path conf, List<String> jvm, BenchTargets targets, int checks, int warmup, int window,
            List<String> victims) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CheckRunner.class.getName(), conf.toString(),
                System.getProperty("dsas.check.threads", "1")));
        Map<String, Long> down = new ConcurrentHashMap<>();
        AtomicLong downs = new AtomicLong();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        follow(p, line -> {
            if (line.startsWith("verdict ")) {
                String[] w = line.split(" ", 6);
                if (w[4].equals("DOWN")) {
                    if (downs.incrementAndGet() <= 5) {
                        System.out.println("[bench] ours, a down: " + line);
                    }
                    down.putIfAbsent(w[2] + " " + w[3], Long.parseLong(w[1]));
                }
            } else if (!line.contains(" INFO ")) {
                System.out.println("[bench] ours: " + line);
            }
        });
        return measure("ours (CheckRunner, JVM " + String.join(" ", jvm) + ")", List.of(p.pid()), p, targets, checks,
                warmup, window, victims, down, downs);
    }

    private static Figures keepalived(Path conf, BenchTargets targets, int checks, int warmup, int window,
            List<String> victims) throws Exception {
        Path checkerPid = DIR.resolve("checkers.pid");
        Files.deleteIfExists(checkerPid);
        Process p = new ProcessBuilder("keepalived", "--check", "--dont-fork", "--log-console", "--no-syslog",
                "-f", conf.toString(), "-p", DIR.resolve("keepalived.pid").toString(), "-c", checkerPid.toString())
                .redirectErrorStream(true).start();
        Map<String, Long> down = new ConcurrentHashMap<>();
        AtomicLong downs = new AtomicLong();
        follow(p, line -> {
            Matcher m = REMOVING.matcher(line);
            if (m.find()) {
                downs.incrementAndGet();
                down.putIfAbsent("TCP " + m.group(3) + ":" + m.group(4) + "/" + m.group(1) + ":" + m.group(2),
                        System.currentTimeMillis());
            } else if (!line.contains("Activating healthchecker") && !line.contains("succeed")
                    && !line.contains("success")) {
                System.out.println("[bench] keepalived: " + line);
            }
        });
        long deadline = System.currentTimeMillis() + 60_000;
        while (!Files.exists(checkerPid) || Files.readString(checkerPid).isBlank()) {
            if (System.currentTimeMillis() > deadline || !p.isAlive()) {
                throw new IllegalStateException("keepalived's checker process did not start");
            }
            Thread.sleep(100);
        }
        long child = Long.parseLong(Files.readString(checkerPid).trim());
        return measure("keepalived --check (parent + checker child)", List.of(p.pid(), child), p, targets, checks,
                warmup, window, victims, down, downs);
    }

    /** Warm-up, the window (CPU, memory, connections), then the victims' detection; stops the checker. */
    private static Figures measure(String who, List<Long> pids, Process p, BenchTargets targets, int checks, int warmup,
            int window, List<String> victims, Map<String, Long> down, AtomicLong downs) throws Exception {
        try {
            Thread.sleep(warmup * 1000L);
            long downsBefore = downs.get();
            long ticks0 = ticks(pids);
            long accepted0 = targets.accepted();
            long t0 = System.nanoTime();
            Thread.sleep(window * 1000L);
            long ticks1 = ticks(pids);
            long accepted1 = targets.accepted();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long rss = status(pids, "VmRSS:");
            long hwm = status(pids, "VmHWM:");
            long falseDowns = downs.get() - downsBefore;
            List<Long> detect = new ArrayList<>();
            if (!victims.isEmpty()) {
                long killedAt = kill(victims);
                long deadline = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < deadline && !down.keySet().containsAll(victims)) {
                    Thread.sleep(100);
                }
                for (String v : victims) {
                    Long at = down.get(v);
                    if (at != null && at >= killedAt) {
                        detect.add(at - killedAt);
                    }
                }
                sh("nft delete table inet dsas_check_bench");
            }
            return new Figures(who, checks, (ticks1 - ticks0) / (double) CLK_TCK, seconds, rss, hwm,
                    (long) ((accepted1 - accepted0) / seconds), detect, victims.size(), falseDowns);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** Makes the victims refuse new connections at once; returns when the rule is in (epoch ms). */
    private static long kill(List<String> victims) throws Exception {
        StringBuilder elements = new StringBuilder();
        for (String v : victims) {
            String server = v.substring(v.indexOf('/') + 1);
            int colon = server.lastIndexOf(':');
            elements.append(elements.length() == 0 ? "" : ", ").append(server, 0, colon).append(" . ")
                    .append(server.substring(colon + 1));
        }
        Path rules = DIR.resolve("victims.nft");
        Files.writeString(rules, "table inet dsas_check_bench {\n  set victims { type ipv4_addr . inet_service; elements = { "
                + elements + " } }\n  chain input { type filter hook input priority 0; policy accept;\n"
                + "    ip daddr . tcp dport @victims reject with tcp reset\n  }\n}\n");
        long started = System.currentTimeMillis();
        sh("nft -f " + rules);
        long at = System.currentTimeMillis();
        System.out.println("[bench] victims refuse connections from now (nft took " + (at - started) + " ms)");
        return at;
    }

    // ------------------------------------------------------------------ the configuration

    private static String conf(List<String> addresses, int checks, List<String> keys) {
        StringBuilder sb = new StringBuilder("global_defs {\n    router_id dsas-check-bench\n}\n");
        int n = 0;
        for (int s = 0; s < checks / PER_SERVICE; s++) {
            String vip = "192.0.2." + (s + 1);
            sb.append("virtual_server ").append(vip).append(" 80 {\n    delay_loop 1\n    lb_algo rr\n")
                    .append("    lb_kind NAT\n    protocol TCP\n");
            for (int r = 0; r < PER_SERVICE; r++, n++) {
                // the first half HTTP_GET, the second TCP_CHECK; within a half, addresses first, then ports
                boolean http = n < checks / 2;
                int j = http ? n : n - checks / 2;
                String address = addresses.get(j % addresses.size());
                int port = (http ? HTTP_PORTS : TCP_PORTS).get(j / addresses.size());
                keys.add("TCP " + vip + ":80/" + address + ":" + port);
                sb.append("    real_server ").append(address).append(' ').append(port).append(" {\n        weight 1\n");
                if (http) {
                    sb.append("        HTTP_GET {\n            url {\n                path /\n")
                            .append("                status_code 200\n            }\n");
                } else {
                    sb.append("        TCP_CHECK {\n");
                }
                sb.append("            connect_timeout 2\n            retry 1\n            delay_before_retry 1\n")
                        .append("        }\n    }\n");
            }
            sb.append("}\n");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ /proc and helpers

    private static long ticks(List<Long> pids) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // after the command name in parentheses: fields 3.. ; utime and stime are fields 14 and 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return sum;
    }

    private static long status(List<Long> pids, String field) throws IOException {
        long sum = 0;
        for (long pid : pids) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    sum += Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        }
        return sum;
    }

    private static void follow(Process p, Consumer<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "bench-follow-" + p.pid());
        t.setDaemon(true);
        t.start();
    }

    private static void print(Figures f) {
        List<Long> d = new ArrayList<>(f.detectMillis());
        d.sort(null);
        System.out.printf(Locale.ROOT, "[bench] %s: %d checks, window %.1f s: cpu %.2f s (%.1f%% of one cpu), VmRSS %d KiB,"
                + " VmHWM %d KiB, targets accepted %d connections/s, downs while all healthy %d%n", f.who(), f.checks(),
                f.windowSeconds(), f.cpuSeconds(), 100 * f.cpuSeconds() / f.windowSeconds(), f.rssKiB(), f.hwmKiB(),
                f.accepted(), f.falseDowns());
        if (f.victims() > 0) {
            System.out.printf(Locale.ROOT, "[bench] %s: detection of %d killed real servers: %d detected, median %d ms,"
                    + " p99 %d ms, min %d ms, max %d ms%n", f.who(), f.victims(), d.size(), pct(d, 50), pct(d, 99),
                    d.isEmpty() ? -1 : d.get(0), d.isEmpty() ? -1 : d.get(d.size() - 1));
        }
    }

    /** Nearest-rank percentile; -1 when empty. */
    private static long pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> s = new ArrayList<>(values);
        s.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, rank - 1));
    }

    private static void sh(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + ": failed");
        }
    }

    private static List<Integer> range(int from, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(from + i);
        }
        return out;
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
