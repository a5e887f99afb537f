package org.dsas.itests.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dsas.itests.kernel.check.RecordingLbService;
import org.dsas.itests.kernel.check.StandaloneChecks;
import org.dsas.kernel.internal.LinuxGenericNetlink;
import org.dsas.lb.api.RealServer;
import org.dsas.lb.api.ServiceState;
import org.dsas.lb.ipvs.IpvsDataplane;
import org.dsas.lb.ipvs.IpvsDataplaneProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Our health checks and keepalived's checker ({@code keepalived --check}, which needs IPVS) on the
 * same keepalived.conf against the same targets, at the same time. Runs INSIDE the guest
 * (CheckComparisonIT boots it after the dummy interface dsas-rs carries 192.0.2.1-7/24 and ip_vs is
 * loaded); never on the host. keepalived's decisions are read from the kernel's IPVS table (a real
 * server is up when present with weight > 0), ours from the in-memory load balancer the engine drives.
 */
class CheckComparisonGuest {

    private static final Path DIR = Path.of("/tmp/check");
    private static final String VS1 = "TCP 203.0.113.1:80/";
    private static final String VS2 = "TCP 203.0.113.2:80/";
    private static final long CONVERGE_MS = 60_000;

    private final Map<String, Process> targets = new LinkedHashMap<>();
    private Process keepalived;
    private StandaloneChecks ours;
    private IpvsDataplane ipvs;

    @AfterEach
    void stop() throws Exception {
        if (ours != null) {
            ours.close();
        }
        if (keepalived != null) {
            keepalived.destroy();
            keepalived.waitFor(20, TimeUnit.SECONDS);
            keepalived.destroyForcibly();
        }
        targets.values().forEach(Process::destroyForcibly);
        if (ipvs != null) {
            ipvs.close();
        }
    }

    @Test
    void sameDecisionsAsKeepalivedAfterStartKillAndRecovery() throws Exception {
        assumeTrue(GuestSideChecks.inGuest(), "only meaningful inside the guest");
        Files.createDirectories(DIR.resolve("www"));
        Files.writeString(DIR.resolve("www/index.html"), "hello from the dsas health-check comparison\n");
        Path misc = DIR.resolve("misc.sh");
        Files.writeString(misc, "#!/bin/sh\ntest -e " + DIR.resolve("misc-up") + "\n");
        assertTrue(misc.toFile().setExecutable(true));
        Files.writeString(DIR.resolve("misc-up"), "");

        for (String a : List.of("192.0.2.1", "192.0.2.2", "192.0.2.5", "192.0.2.6")) {
            httpd(a);
        }
        // accepts, reads the request and never answers
        start("hang", "socat", "TCP-LISTEN:80,bind=192.0.2.4,reuseaddr,fork", "SYSTEM:sleep 3600");
        waitListening("192.0.2.1", "192.0.2.2", "192.0.2.4", "192.0.2.5", "192.0.2.6");
        // the digest as keepalived's own genhash computes it
        String digest = genhash("192.0.2.2", "/index.html");
        String conf = conf(digest);
        Files.writeString(DIR.resolve("keepalived.conf"), conf);
        System.out.println("[check-compare] genhash digest of /index.html: " + digest);

        ipvs = (IpvsDataplane) new IpvsDataplaneProvider(new LinuxGenericNetlink()).open();
        ipvs.flush();
        keepalived = new ProcessBuilder("keepalived", "--check", "--dont-fork", "--log-console", "--log-detail",
                "--no-syslog", "-f", DIR.resolve("keepalived.conf").toString(), "-p", DIR.resolve("k.pid").toString(),
                "-c", DIR.resolve("kc.pid").toString()).redirectErrorStream(true)
                .redirectOutput(DIR.resolve("keepalived.log").toFile()).start();
        ours = new StandaloneChecks(conf, "keepalived.conf", 2, v -> System.out.println("[check-compare] ours "
                + v.key() + " " + (v.up() ? "UP" : "DOWN") + (v.inhibit() ? " (inhibit)" : "") + ": " + v.reason()));
        ours.start();

        // 1. after convergence: A (TCP), B (HTTP digest), F (HTTP 404 expected), G (MISC) up; C closed, D hangs,
        // E wrong digest down; the inhibited copy of C in VS2 at weight 0
        Set<String> first = set(VS1 + "192.0.2.1:80", VS1 + "192.0.2.2:80", VS1 + "192.0.2.6:80",
                VS1 + "192.0.2.7:80");
        converge("start", first, keepalivedUp());

        // 2. kill B's httpd, fail G's script, bring C up; both must follow
        // keepalived's table before the changes: a change it makes while the targets are still being changed counts
        Set<String> beforeChanges = keepalivedUp();
        long t0 = System.currentTimeMillis();
        targets.remove("httpd 192.0.2.2").destroyForcibly().waitFor();
        Files.delete(DIR.resolve("misc-up"));
        httpd("192.0.2.3");
        Set<String> second = set(VS1 + "192.0.2.1:80", VS1 + "192.0.2.3:80", VS1 + "192.0.2.6:80",
                VS2 + "192.0.2.3:80");
        Map<String, Long> keepalivedAt = converge("after kill", second, beforeChanges);
        List<String> changed = List.of(VS1 + "192.0.2.2:80", VS1 + "192.0.2.7:80", VS1 + "192.0.2.3:80",
                VS2 + "192.0.2.3:80");
        for (String k : changed) {
            long oursAt = ours.lb().history().stream().filter(v -> v.key().equals(k) && v.at() >= t0)
                    .mapToLong(RecordingLbService.Verdict::at).min().orElse(-1);
            Long theirs = keepalivedAt.get(k);
            System.out.println("[check-compare] detection " + k + " " + (second.contains(k) ? "up" : "down")
                    + ": ours " + (oursAt < 0 ? "-" : (oursAt - t0)) + " ms, keepalived "
                    + (theirs == null ? "-" : (theirs - t0)) + " ms (from the change at t0; keepalived polled every 50 ms)");
            assertTrue(oursAt >= 0, "ours never decided " + k);
            assertTrue(theirs != null, "keepalived never decided " + k);
        }
        printKeepalivedLog();
    }

    /**
     * Waits until both sides' up sets equal {@code expected} (each may get there first) and stay so for a
     * delay loop; asserts they agree. Returns when keepalived's table first showed each server's final state.
     */
    private Map<String, Long> converge(String phase, Set<String> expected, Set<String> from) throws Exception {
        Map<String, Long> keepalivedChanged = new LinkedHashMap<>();
        Set<String> before = from;
        long deadline = System.currentTimeMillis() + CONVERGE_MS;
        long agreedSince = -1;
        Set<String> k = before;
        Set<String> o = ours.lb().up();
        while (System.currentTimeMillis() < deadline) {
            k = keepalivedUp();
            o = ours.lb().up();
            long now = System.currentTimeMillis();
            for (String s : symmetricDifference(before, k)) {
                keepalivedChanged.putIfAbsent(s, now);
            }
            before = k;
            if (k.equals(expected) && o.equals(expected)) {
                if (agreedSince < 0) {
                    agreedSince = now;
                } else if (now - agreedSince >= 3000) {
                    break;
                }
            } else {
                agreedSince = -1;
            }
            Thread.sleep(50);
        }
        System.out.println("[check-compare] " + phase + ": keepalived up " + k + ", ours up " + o);
        assertEquals(expected, k, phase + ": keepalived's decisions (ipvsadm -Ln:\n" + sh("ipvsadm -Ln") + ")");
        assertEquals(expected, o, phase + ": our decisions; " + ours.engine().views());
        return keepalivedChanged;
    }

    private Set<String> keepalivedUp() throws Exception {
        Set<String> up = new TreeSet<>();
        for (ServiceState s : ipvs.read()) {
            for (RealServer r : s.service().servers()) {
                if (r.weight() > 0) {
                    up.add(s.service().key() + "/" + r.endpoint());
                }
            }
        }
        return up;
    }

    private static String conf(String digest) {
        return """
                global_defs {
                    router_id dsas-check-compare
                    script_user root
                }
                virtual_server 203.0.113.1 80 {
                    delay_loop 2
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 192.0.2.1 80 {
                        weight 1
                        TCP_CHECK {
                            connect_timeout 2
                        }
                    }
                    real_server 192.0.2.2 80 {
                        weight 1
                        HTTP_GET {
                            url {
                                path /index.html
                                digest %1$s
                                status_code 200
                            }
                            connect_timeout 2
                            retry 1
                            delay_before_retry 1
                        }
                    }
                    real_server 192.0.2.3 80 {
                        weight 1
                        TCP_CHECK {
                            connect_timeout 2
                        }
                    }
                    real_server 192.0.2.4 80 {
                        weight 1
                        HTTP_GET {
                            url {
                                path /index.html
                                status_code 200
                            }
                            connect_timeout 2
                            retry 1
                            delay_before_retry 1
                        }
                    }
                    real_server 192.0.2.5 80 {
                        weight 1
                        HTTP_GET {
                            url {
                                path /index.html
                                digest 0123456789abcdef0123456789abcdef
                            }
                            connect_timeout 2
                        }
                    }
                    real_server 192.0.2.6 80 {
                        weight 1
                        HTTP_GET {
                            url {
                                path /missing.html
                                status_code 404
                            }
                            connect_timeout 2
                        }
                    }
                    real_server 192.0.2.7 80 {
                        weight 1
                        MISC_CHECK {
                            misc_path /tmp/check/misc.sh
                            misc_timeout 3
                        }
                    }
                }
                virtual_server 203.0.113.2 80 {
                    delay_loop 2
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 192.0.2.3 80 {
                        weight 2
                        inhibit_on_failure
                        TCP_CHECK {
                            connect_timeout 2
                        }
                    }
                }
                """.formatted(digest);
    }

    private void httpd(String address) throws Exception {
        start("httpd " + address, "busybox", "httpd", "-f", "-p", address + ":80", "-h", DIR.resolve("www").toString());
    }

    private void start(String name, String... command) throws Exception {
        targets.put(name, new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).start());
    }

    private static void waitListening(String... addresses) throws Exception {
        for (String a : addresses) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (!sh("ss -Hltn 'sport = :80'").contains(a + ":80")) {
                assertTrue(System.currentTimeMillis() < deadline, "nothing listens on " + a + ":80");
                Thread.sleep(100);
            }
        }
    }

    private static String genhash(String address, String path) throws Exception {
        String out = sh("genhash -s " + address + " -p 80 -u " + path);
        Matcher m = Pattern.compile("\\b([0-9a-f]{32})\\b").matcher(out);
        assertTrue(m.find(), "genhash printed no digest: " + out);
        return m.group(1);
    }

    private static void printKeepalivedLog() throws Exception {
        for (String line : Files.readAllLines(DIR.resolve("keepalived.log"))) {
            if (line.matches(".*(Removing|Adding|Enabling|Disabling|failed|succeed|timeout|Misc check).*")) {
                System.out.println("[check-compare] keepalived: " + line);
            }
        }
    }

    private static Set<String> set(String... keys) {
        return new TreeSet<>(List.of(keys));
    }

    private static Set<String> symmetricDifference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        Set<String> both = new TreeSet<>(a);
        both.retainAll(b);
        out.removeAll(both);
        return out;
    }

    private static String sh(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), script);
        assertEquals(0, p.exitValue(), script + "\n" + out);
        return out;
    }
}
