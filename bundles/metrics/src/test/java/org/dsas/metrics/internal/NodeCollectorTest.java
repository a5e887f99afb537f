package org.dsas.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node metrics from fixture /proc and /sys files: values, CPU percentages and rates between two samples. */
class NodeCollectorTest {

    @TempDir
    Path root;

    private void file(String path, String content) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private void proc(long user, long idle, long rxBytes, long txPkts) throws IOException {
        file("proc/stat", "cpu  " + user + " 0 100 " + idle + " 50 0 10 0 0 0\ncpu0 1 0 0 0 0 0 0 0 0 0\n"
                + "cpu1 1 0 0 0 0 0 0 0 0 0\nbtime 1795569071\nprocs_running 3\n");
        file("proc/net/dev", "Inter-|   Receive |  Transmit\n face |bytes    packets errs drop fifo frame compressed"
                + " multicast|bytes    packets errs drop fifo colls carrier compressed\n"
                + "    lo: 999999 999 0 0 0 0 0 0 999999 999 0 0 0 0 0 0\n"
                + "  eth0: " + rxBytes + " 10 0 0 0 0 0 0 5000 " + txPkts + " 0 0 0 0 0 0\n");
    }

    @Test
    void readsGmondsMetricsFromProcAndSys() throws IOException {
        file("proc/loadavg", "0.85 1.06 0.73 2/97 12345\n");
        file("proc/meminfo", "MemTotal:       24683620 kB\nMemFree:        23654500 kB\nBuffers:            3516 kB\n"
                + "Cached:           380440 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n"
                + "Shmem:              1024 kB\nSReclaimable:      51200 kB\n");
        file("proc/cpuinfo", "processor\t: 0\ncpu MHz\t\t: 2096.064\n");
        file("proc/sys/kernel/ostype", "Linux\n");
        file("proc/sys/kernel/osrelease", "6.18.44-fc-v782\n");
        file("proc/sys/kernel/arch", "x86_64\n");
        file("proc/mounts", "/dev/vda1 / ext4 rw 0 0\nproc /proc proc rw 0 0\n/dev/vdb /data xfs rw 0 0\n"
                + "/dev/vda1 /bind ext4 rw 0 0\n");
        NodeCollector.DiskSpace disks = mount -> switch (mount.toString()) {
            case "/" -> new long[] {200_000_000_000L, 50_000_000_000L};
            case "/data" -> new long[] {70_553_000_000L, 34_659_000_000L};
            default -> null;
        };
        NodeCollector c = new NodeCollector(root, disks);
        proc(1000, 8000, 100_000, 40);
        Map<String, String> first = c.sample(0);
        assertEquals("0.85", first.get("load_one"));
        assertEquals("0.73", first.get("load_fifteen"));
        assertEquals("97", first.get("proc_total"));
        assertEquals("3", first.get("proc_run"));
        assertEquals("2", first.get("cpu_num"));
        assertEquals("2096", first.get("cpu_speed"));
        assertEquals("1795569071", first.get("boottime"));
        assertEquals("24683620", first.get("mem_total"));
        assertEquals("380440", first.get("mem_cached"));
        assertEquals("51200", first.get("mem_sreclaimable"));
        assertEquals("Linux", first.get("os_name"));
        assertEquals("6.18.44-fc-v782", first.get("os_release"));
        assertEquals("x86_64", first.get("machine_type"));
        assertEquals("270.553", first.get("disk_total"));
        assertEquals("84.659", first.get("disk_free"));
        assertEquals("75.0", first.get("part_max_used"));
        assertEquals("0.00", first.get("bytes_in"), "no rate before a second sample");
        // idle 8000 of 9160 jiffies since boot
        assertEquals("87.3", first.get("cpu_aidle"));

        proc(1300, 8600, 150_000, 140);
        Map<String, String> second = c.sample(10_000_000_000L);
        // over the interval: user +300, idle +600 of 900 jiffies
        assertEquals("33.3", second.get("cpu_user"));
        assertEquals("66.7", second.get("cpu_idle"));
        assertEquals("0.0", second.get("cpu_system"));
        assertEquals("5000.00", second.get("bytes_in"), "lo is left out, eth0 +50000 bytes in 10 s");
        assertEquals("10.00", second.get("pkts_out"));
        assertEquals("0.00", second.get("bytes_out"));
    }

    @Test
    void missingFilesLeaveTheirMetricsOut() {
        Map<String, String> v = new NodeCollector(root, m -> null).sample(0);
        assertEquals(null, v.get("load_one"));
        assertEquals(null, v.get("mem_total"));
        assertEquals("Linux", v.get("os_name"));
    }
}
