package org.dsas.itests.netns.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.dsas.core.api.MetricSource;
import org.dsas.core.api.MetricSource.Metric;
import org.dsas.metrics.sources.ApacheMetricSource;
import org.dsas.metrics.sources.MysqlMetricSource;
import org.dsas.testsupport.netns.ExecResult;
import org.dsas.testsupport.netns.Host;
import org.dsas.testsupport.netns.NetnsRig;
import org.dsas.testsupport.netns.NetnsRigExtension;
import org.dsas.testsupport.netns.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Apache and MariaDB metric sources against the real servers from Debian (apache2 -X, mariadbd with a
 * private datadir), each alone in a namespace with the source beside it: the figures move when traffic does.
 * The source runs in a child JVM started inside that namespace ({@link Probe}), since sockets belong to the
 * namespace of the thread that opens them; it prints every new set of figures, which the test reads.
 */
class SourcesIT {

    @RegisterExtension
    static final NetnsRigExtension NET = NetnsRigExtension.requiring("apache2", "curl", "mariadbd",
            "mariadb-install-db", "mariadb").perTest();

    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void apacheScoreboardAndRequestRateMoveWithTraffic() throws Exception {
        NetnsRig rig = NET.rig();
        Host web = rig.host("web");
        // apache2 serves as nobody: the document root must be reachable for it
        Files.setPosixFilePermissions(rig.dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path dir = rig.newDir("apache");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello\n");
        // sparse, and larger than loopback's socket buffers, so a slow reader keeps its worker busy writing
        try (java.io.RandomAccessFile big = new java.io.RandomAccessFile(www.resolve("big.bin").toFile(), "rw")) {
            big.setLength(256L << 20);
        }
        Files.setPosixFilePermissions(www, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = dir.resolve("httpd.conf");
        String mods = "/usr/lib/apache2/modules/";
        Files.writeString(conf, String.join("\n",
                "ServerRoot " + dir,
                // worker, not event: event hands slow writes to its listener thread, out of the scoreboard's "W"
                "LoadModule mpm_worker_module " + mods + "mod_mpm_worker.so",
                "LoadModule authz_core_module " + mods + "mod_authz_core.so",
                "LoadModule status_module " + mods + "mod_status.so",
                "ServerName web", "Listen 127.0.0.1:8080", "PidFile " + dir.resolve("httpd.pid"),
                "ErrorLog " + dir.resolve("error.log"), "DocumentRoot " + www, "User nobody", "Group nogroup",
                "ExtendedStatus On",
                "<Location \"/server-status\">", "  SetHandler server-status", "  Require all granted", "</Location>",
                ""));
        Proc apache = web.start("apache2", "apache2", "-X", "-f", conf.toString());
        web.awaitTcpListen(8080, WAIT);

        Proc probe = probe(web, "apache", "url=http://127.0.0.1:8080/server-status?auto", "interval.seconds=1");
        // idle: the only requests are the source's own status reads, one a second
        Map<String, Double> idle = await(probe, "an idle reading with a rate", f -> f.containsKey("ap_rps"));
        assertTrue(idle.get("ap_rps") < 3, "idle request rate: " + idle);
        assertEquals(1.0, idle.get("ap_sending_reply"), "only the status request itself is being answered: " + idle);

        // two slow downloads hold two workers in "sending reply"; a curl loop drives the request rate
        Proc slow1 = web.start("slow1", "curl", "-s", "-o", "/dev/null", "--limit-rate", "100k",
                "http://127.0.0.1:8080/big.bin");
        Proc slow2 = web.start("slow2", "curl", "-s", "-o", "/dev/null", "--limit-rate", "100k",
                "http://127.0.0.1:8080/big.bin");
        Proc loop = web.start("curl-loop", "sh", "-c",
                "while :; do curl -s -o /dev/null http://127.0.0.1:8080/index.html || exit 1; done");
        Map<String, Double> busy = await(probe, "a reading with 3 workers sending and over 20 requests/s",
                f -> f.getOrDefault("ap_sending_reply", 0.0) >= 3 && f.getOrDefault("ap_rps", 0.0) > 20);
        assertTrue(busy.get("ap_busy_workers") >= 3, busy.toString());
        assertTrue(busy.get("ap_bytes") > 0, busy.toString());
        System.out.println("apache idle: " + idle + "\napache busy: " + busy);

        loop.stop();
        slow1.stop();
        slow2.stop();
        Map<String, Double> calm = await(probe, "the rate back to idle", f -> f.getOrDefault("ap_rps", 99.0) < 3);
        assertTrue(calm.get("ap_uptime") >= idle.get("ap_uptime"), calm.toString());

        // a dead server: the source stops reporting instead of repeating stale figures
        apache.kill();
        await(probe, "no figures once apache is dead", Map::isEmpty);
    }

    @Test
    void mariadbConnectionsAndQueriesPerSecondMoveWithClients() throws Exception {
        NetnsRig rig = NET.rig();
        Host db = rig.host("db");
        Path dir = rig.newDir("mariadb");
        Path data = dir.resolve("data");
        Path sock = dir.resolve("mariadb.sock");
        ExecResult install = db.exec(WAIT, "mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=root",
                "--auth-root-authentication-method=normal", "--skip-test-db");
        assertEquals(0, install.exit(), install.toString());
        Proc server = db.start("mariadbd", "mariadbd", "--no-defaults", "--datadir=" + data, "--user=root",
                "--socket=" + sock, "--port=3306", "--bind-address=127.0.0.1", "--pid-file=" + dir.resolve("pid"),
                "--innodb-buffer-pool-size=16M", "--skip-name-resolve");
        db.awaitTcpListen(3306, WAIT);
        sql(db, sock, "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY AUTO_INCREMENT, n INT)"
                + " ENGINE=InnoDB; CREATE USER 'dsas-metrics'@'127.0.0.1' IDENTIFIED BY 'figures';"
                + " GRANT SELECT ON shop.* TO 'dsas-metrics'@'127.0.0.1';");

        Proc probe = probe(db, "mysql", "host=127.0.0.1", "port=3306", "user=dsas-metrics", "password=figures",
                "interval.seconds=1");
        Map<String, Double> idle = await(probe, "an idle reading with rates", f -> f.containsKey("mysql_questions"));
        // the source's own connection; its SHOW GLOBAL STATUS is the only statement, one a second
        assertEquals(1.0, idle.get("mysql_threads_connected"), idle.toString());
        assertTrue(idle.get("mysql_questions") < 5, idle.toString());
        assertEquals(0.0, idle.get("mysql_com_insert"), idle.toString());
        assertTrue(idle.containsKey("mysql_innodb_buffer_pool_free_bytes"), idle.toString());
        assertTrue(idle.containsKey("mysql_innodb_data_free_bytes"), idle.toString());

        // three clients that sit in a query, and one that loops over an insert/select/update/delete mix
        List<Proc> sleepers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sleepers.add(db.start("sleeper" + i, "mariadb", "-S", sock.toString(), "-u", "root", "-e",
                    "SELECT SLEEP(600)"));
        }
        Path mix = dir.resolve("mix.sql");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append("INSERT INTO shop.orders (n) VALUES (").append(i).append(");")
                    .append("SELECT COUNT(*) FROM shop.orders WHERE n = ").append(i).append(';')
                    .append("UPDATE shop.orders SET n = n + 1 WHERE n = ").append(i).append(';')
                    .append("DELETE FROM shop.orders WHERE n > 1000000;\n");
        }
        Files.writeString(mix, sb.toString());
        Proc load = db.start("load", "sh", "-c", "while :; do mariadb -S " + sock + " -u root < " + mix
                + " > /dev/null || exit 1; done");
        Map<String, Double> busy = await(probe, "a reading with 4 connections and a query mix over 20/s each",
                f -> f.getOrDefault("mysql_threads_connected", 0.0) >= 4 && f.getOrDefault("mysql_com_insert", 0.0) > 20
                        && f.getOrDefault("mysql_com_select", 0.0) > 20 && f.getOrDefault("mysql_com_update", 0.0) > 20
                        && f.getOrDefault("mysql_com_delete", 0.0) > 20);
        assertTrue(busy.get("mysql_questions") > 80, busy.toString());
        assertTrue(busy.get("mysql_max_used_connections") >= 4, busy.toString());
        System.out.println("mysql idle: " + idle + "\nmysql busy: " + busy);

        load.stop();
        sleepers.forEach(Proc::stop);
        Map<String, Double> calm = await(probe, "queries back to idle",
                f -> f.getOrDefault("mysql_com_insert", 99.0) == 0 && f.getOrDefault("mysql_threads_connected", 9.0) == 1);
        assertTrue(calm.get("mysql_max_used_connections") >= 4, "the peak stays: " + calm);

        server.kill();
        await(probe, "no figures once mariadbd is dead", Map::isEmpty);
    }

    static void sql(Host db, Path sock, String statements) {
        ExecResult r = db.exec("mariadb", "-S", sock.toString(), "-u", "root", "-e", statements);
        assertEquals(0, r.exit(), r.toString());
    }

    /** Starts {@link Probe} in {@code host}: the source of {@code kind} with "key=value" settings. */
    static Proc probe(Host host, String kind, String... settings) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName(), kind));
        cmd.addAll(List.of(settings));
        return host.start("probe-" + kind, Map.of(), null, cmd);
    }

    /** Waits for a printed set of figures that {@code wanted} accepts (a later one each call) and returns it. */
    static Map<String, Double> await(Proc probe, String what, Predicate<Map<String, Double>> wanted) {
        Map<String, Double>[] found = new Map[1];
        int from = SEEN.getOrDefault(probe.pid(), 0);
        probe.await(what, WAIT, () -> {
            String[] lines = probe.output().split("\n");
            for (int i = from; i < lines.length; i++) {
                if (lines[i].startsWith("FIGURES ")) {
                    Map<String, Double> f = parse(lines[i]);
                    if (wanted.test(f)) {
                        found[0] = f;
                        SEEN.put(probe.pid(), i + 1);
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    private static final Map<Long, Integer> SEEN = new java.util.concurrent.ConcurrentHashMap<>();

    static Map<String, Double> parse(String line) {
        Map<String, Double> f = new LinkedHashMap<>();
        String[] words = line.split(" ");
        for (int i = 2; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            f.put(words[i].substring(0, eq), Double.parseDouble(words[i].substring(eq + 1)));
        }
        return f;
    }

    /**
     * Runs one source as the DS runtime would (activate with its typed configuration) and prints
     * "FIGURES &lt;count&gt; name=value ..." whenever {@link MetricSource#collect()} hands out a new set.
     */
    public static final class Probe {

        public static void main(String[] args) throws Exception {
            Map<String, String> settings = new LinkedHashMap<>();
            for (int i = 1; i < args.length; i++) {
                settings.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
            }
            MetricSource source;
            if (args[0].equals("apache")) {
                ApacheMetricSource s = new ApacheMetricSource();
                s.alarms(Probe::refused);
                s.configure(new LinkedHashMap<>(settings));
                source = s;
            } else {
                MysqlMetricSource s = new MysqlMetricSource();
                s.alarms(Probe::refused);
                s.configure(new LinkedHashMap<>(settings));
                source = s;
            }
            List<Metric> last = null;
            while (true) {
                List<Metric> now = source.collect();
                if (now != last) {
                    StringBuilder sb = new StringBuilder("FIGURES ").append(now.size());
                    for (Metric m : now) {
                        sb.append(' ').append(m.name()).append('=').append(m.value());
                    }
                    System.out.println(sb);
                    last = now;
                }
                Thread.sleep(50);
            }
        }

        /** What the configuration check said: a refused configuration ends the probe with its problems. */
        static void refused(String pid, List<String> problems) {
            if (!problems.isEmpty()) {
                problems.forEach(System.err::println);
                System.exit(2);
            }
        }
    }
}
