package org.dsas.metrics.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Owns the sampling of this node's gmond metrics from /proc and /sys (under a configurable root, so tests read
 * fixture files) and the previous sample that rates and CPU percentages are computed from. Values come back as
 * text, keyed by metric name; a file that cannot be read leaves its metrics out rather than failing the rest.
 */
public final class NodeCollector {

    /** Size and free space of a mounted file system; the real one is statvfs through {@link FileStore}. */
    public interface DiskSpace {
        /** {total bytes, bytes available to users}, or null when the mount cannot be asked. */
        long[] of(Path mountPoint);
    }

    static final DiskSpace STATVFS = mountPoint -> {
        try {
            FileStore store = Files.getFileStore(mountPoint);
            return new long[] {store.getTotalSpace(), store.getUsableSpace()};
        } catch (IOException | SecurityException e) {
            return null;
        }
    };

    private static final String[] CPU_FIELDS = {"cpu_user", "cpu_nice", "cpu_system", "cpu_idle", "cpu_wio",
        "cpu_intr", "cpu_sintr", "cpu_steal"};

    private final Path root;
    private final DiskSpace disks;
    private long[] lastCpu;
    private long[] lastNet;
    private long lastNetNanos;

    public NodeCollector(Path root, DiskSpace disks) {
        this.root = root;
        this.disks = disks;
    }

    public static NodeCollector system() {
        return new NodeCollector(Path.of("/"), STATVFS);
    }

    /** One sample of every metric readable now; {@code nanos} is a monotonic clock for per-second rates. */
    public Map<String, String> sample(long nanos) {
        Map<String, String> v = new LinkedHashMap<>();
        load(v);
        stat(v);
        memory(v);
        network(v, nanos);
        disk(v);
        system(v);
        return v;
    }

    private void load(Map<String, String> v) {
        String[] f = read("proc/loadavg").trim().split("\\s+");
        if (f.length >= 4) {
            v.put("load_one", f[0]);
            v.put("load_five", f[1]);
            v.put("load_fifteen", f[2]);
            int slash = f[3].indexOf('/');
            if (slash > 0) {
                v.put("proc_total", f[3].substring(slash + 1));
            }
        }
    }

    private void stat(Map<String, String> v) {
        for (String line : read("proc/stat").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("cpu")) {
                long[] now = new long[CPU_FIELDS.length];
                for (int i = 0; i < now.length && i + 1 < f.length; i++) {
                    now[i] = Long.parseLong(f[i + 1]);
                }
                long total = sum(now);
                // idle since boot: gmond's cpu_aidle
                v.put("cpu_aidle", pct(now[3], total));
                long[] base = lastCpu == null ? new long[now.length] : lastCpu;
                long[] delta = new long[now.length];
                for (int i = 0; i < now.length; i++) {
                    delta[i] = Math.max(0, now[i] - base[i]);
                }
                long dt = sum(delta);
                for (int i = 0; i < CPU_FIELDS.length; i++) {
                    v.put(CPU_FIELDS[i], pct(delta[i], dt));
                }
                lastCpu = now;
            } else if (f[0].equals("btime") && f.length > 1) {
                v.put("boottime", f[1]);
            } else if (f[0].equals("procs_running") && f.length > 1) {
                v.put("proc_run", f[1]);
            }
        }
        long cpus = read("proc/stat").lines().filter(l -> l.matches("cpu\\d+\\s.*")).count();
        if (cpus > 0) {
            v.put("cpu_num", Long.toString(cpus));
        }
        String maxFreq = read("sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq").trim();
        if (!maxFreq.isEmpty()) {
            v.put("cpu_speed", Long.toString(Long.parseLong(maxFreq) / 1000));
        } else {
            read("proc/cpuinfo").lines().filter(l -> l.startsWith("cpu MHz")).findFirst()
                    .ifPresent(l -> v.put("cpu_speed",
                            Long.toString((long) Double.parseDouble(l.substring(l.indexOf(':') + 1).trim()))));
        }
    }

    private void memory(Map<String, String> v) {
        Map<String, Long> kb = new LinkedHashMap<>();
        for (String line : read("proc/meminfo").split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String[] f = line.substring(colon + 1).trim().split("\\s+");
                try {
                    kb.put(line.substring(0, colon), Long.parseLong(f[0]));
                } catch (NumberFormatException e) {
                    // not a figure
                }
            }
        }
        put(v, "mem_total", kb.get("MemTotal"));
        put(v, "mem_free", kb.get("MemFree"));
        put(v, "mem_shared", kb.get("Shmem"));
        put(v, "mem_buffers", kb.get("Buffers"));
        put(v, "mem_cached", kb.get("Cached"));
        put(v, "mem_sreclaimable", kb.get("SReclaimable"));
        put(v, "swap_total", kb.get("SwapTotal"));
        put(v, "swap_free", kb.get("SwapFree"));
    }

    /** Sums over every interface but lo, as gmond does, per second since the previous sample. */
    private void network(Map<String, String> v, long nanos) {
        String dev = read("proc/net/dev");
        if (dev.isEmpty()) {
            return;
        }
        long[] now = new long[4];
        for (String line : dev.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.substring(0, colon).trim().equals("lo")) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length >= 10) {
                now[0] += Long.parseLong(f[0]);
                now[1] += Long.parseLong(f[1]);
                now[2] += Long.parseLong(f[8]);
                now[3] += Long.parseLong(f[9]);
            }
        }
        double seconds = (nanos - lastNetNanos) / 1e9;
        String[] names = {"bytes_in", "pkts_in", "bytes_out", "pkts_out"};
        for (int i = 0; i < 4; i++) {
            double rate = lastNet == null || seconds <= 0 ? 0 : Math.max(0, now[i] - lastNet[i]) / seconds;
            v.put(names[i], String.format(Locale.ROOT, "%.2f", rate));
        }
        lastNet = now;
        lastNetNanos = nanos;
    }

    /** Local block-device file systems (and a container's overlay root), each device once. */
    private void disk(Map<String, String> v) {
        double total = 0;
        double free = 0;
        double maxUsed = -1;
        Set<String> seen = new HashSet<>();
        for (String line : read("proc/mounts").split("\n")) {
            String[] f = line.split("\\s+");
            if (f.length < 3) {
                continue;
            }
            boolean local = f[0].startsWith("/dev/") || f[2].equals("overlay") && f[1].equals("/");
            if (!local || !seen.add(f[0])) {
                continue;
            }
            long[] space = disks.of(Path.of(f[1].replace("\\040", " ")));
            if (space == null || space[0] <= 0) {
                continue;
            }
            total += space[0];
            free += space[1];
            maxUsed = Math.max(maxUsed, 100.0 * (space[0] - space[1]) / space[0]);
        }
        if (maxUsed >= 0) {
            v.put("disk_total", String.format(Locale.ROOT, "%.3f", total / 1e9));
            v.put("disk_free", String.format(Locale.ROOT, "%.3f", free / 1e9));
            v.put("part_max_used", String.format(Locale.ROOT, "%.1f", maxUsed));
        }
    }

    private void system(Map<String, String> v) {
        String os = read("proc/sys/kernel/ostype").trim();
        v.put("os_name", os.isEmpty() ? "Linux" : os);
        String release = read("proc/sys/kernel/osrelease").trim();
        if (!release.isEmpty()) {
            v.put("os_release", release);
        }
        String arch = read("proc/sys/kernel/arch").trim();
        if (arch.isEmpty()) {
            arch = switch (System.getProperty("os.arch", "")) {
                case "amd64" -> "x86_64";
                case "aarch64" -> "aarch64";
                default -> System.getProperty("os.arch", "unknown");
            };
        }
        v.put("machine_type", arch);
    }

    private static void put(Map<String, String> v, String name, Long value) {
        if (value != null) {
            v.put(name, Long.toString(value));
        }
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long x : a) {
            s += x;
        }
        return s;
    }

    private static String pct(long part, long total) {
        return String.format(Locale.ROOT, "%.1f", total <= 0 ? 0.0 : 100.0 * part / total);
    }

    private String read(String relative) {
        try {
            return Files.readString(root.resolve(relative), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The metric names this collector can produce. */
    static List<String> names() {
        return MetricDefinition.NODE.stream().map(MetricDefinition::name)
                .filter(n -> !n.equals("heartbeat") && !n.equals("location")).toList();
    }
}
