package org.dsas.metrics.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.dsas.metrics.xdr.GangliaMessage;
import org.dsas.metrics.xdr.GangliaMessage.ExtraData;
import org.dsas.metrics.xdr.GangliaMessage.Metadata;
import org.dsas.metrics.xdr.GangliaMessage.MetricId;

/**
 * What a metric is, as gmond 3.7's metadata message says it: type, units, slope, tmax, dmax, the printf format of
 * its value messages and the GROUP/DESC/TITLE extra data. {@link #NODE} holds gmond's built-in metrics (checked
 * against a capture of gmond 3.7.2 in the tests).
 */
public record MetricDefinition(String name, String type, String units, String slope, int tmax, int dmax,
        String format, String group, String description, String title) {

    public static final List<MetricDefinition> NODE = List.of(
            def("heartbeat", "uint32", "", "unspecified", 20, "%u", "core", "Last heartbeat", "heartbeat"),
            def("location", "string", "(x,y,z)", "unspecified", 1200, "%s", "core", "Location of the machine", "Location"),
            def("cpu_num", "uint16", "CPUs", "zero", 1200, "%hu", "cpu", "Total number of CPUs", "CPU Count"),
            def("cpu_speed", "uint32", "MHz", "zero", 1200, "%u", "cpu", "CPU Speed in terms of MHz", "CPU Speed"),
            def("mem_total", "float", "KB", "zero", 1200, "%.0f", "memory", "Total amount of memory displayed in KBs",
                    "Memory Total"),
            def("swap_total", "float", "KB", "zero", 1200, "%.0f", "memory",
                    "Total amount of swap space displayed in KBs", "Swap Space Total"),
            def("boottime", "uint32", "s", "zero", 1200, "%u", "system", "The last time that the system was started",
                    "Last Boot Time"),
            def("machine_type", "string", "", "zero", 1200, "%s", "system", "System architecture", "Machine Type"),
            def("os_name", "string", "", "zero", 1200, "%s", "system", "Operating system name", "Operating System"),
            def("os_release", "string", "", "zero", 1200, "%s", "system", "Operating system release date",
                    "Operating System Release"),
            cpu("cpu_user", "Percentage of CPU utilization that occurred while executing at the user level",
                    "CPU User"),
            cpu("cpu_nice", "Percentage of CPU utilization that occurred while executing at the user level with nice"
                    + " priority", "CPU Nice"),
            cpu("cpu_system", "Percentage of CPU utilization that occurred while executing at the system level",
                    "CPU System"),
            cpu("cpu_idle", "Percentage of time that the CPU or CPUs were idle and the system did not have an"
                    + " outstanding disk I/O request", "CPU Idle"),
            cpu("cpu_wio", "Percentage of time that the CPU or CPUs were idle during which the system had an"
                    + " outstanding disk I/O request", "CPU wio"),
            cpu("cpu_intr", "cpu_intr", "CPU intr"),
            cpu("cpu_sintr", "cpu_sintr", "CPU sintr"),
            cpu("cpu_steal", "cpu_steal", "CPU steal"),
            def("cpu_aidle", "float", "%", "both", 3800, "%.1f", "cpu", "Percent of time since boot idle CPU",
                    "CPU aidle"),
            def("load_one", "float", " ", "both", 70, "%.2f", "load", "One minute load average",
                    "One Minute Load Average"),
            def("load_five", "float", " ", "both", 325, "%.2f", "load", "Five minute load average",
                    "Five Minute Load Average"),
            def("load_fifteen", "float", " ", "both", 950, "%.2f", "load", "Fifteen minute load average",
                    "Fifteen Minute Load Average"),
            def("proc_run", "uint32", " ", "both", 950, "%u", "process", "Total number of running processes",
                    "Total Running Processes"),
            def("proc_total", "uint32", " ", "both", 950, "%u", "process", "Total number of processes",
                    "Total Processes"),
            mem("mem_free", "Amount of available memory", "Free Memory"),
            mem("mem_shared", "Amount of shared memory", "Shared Memory"),
            mem("mem_buffers", "Amount of buffered memory", "Memory Buffers"),
            mem("mem_cached", "Amount of cached memory", "Cached Memory"),
            mem("mem_sreclaimable", "Amount of reclaimable slab memory", "Slab Memory Reclaimable"),
            mem("swap_free", "Amount of available swap memory", "Free Swap Space"),
            def("bytes_in", "float", "bytes/sec", "both", 300, "%.2f", "network", "Number of bytes in per second",
                    "Bytes Received"),
            def("bytes_out", "float", "bytes/sec", "both", 300, "%.2f", "network", "Number of bytes out per second",
                    "Bytes Sent"),
            def("pkts_in", "float", "packets/sec", "both", 300, "%.2f", "network", "Packets in per second",
                    "Packets Received"),
            def("pkts_out", "float", "packets/sec", "both", 300, "%.2f", "network", "Packets out per second",
                    "Packets Sent"),
            def("disk_total", "double", "GB", "both", 1200, "%.3f", "disk", "Total available disk space",
                    "Total Disk Space"),
            def("disk_free", "double", "GB", "both", 180, "%.3f", "disk", "Total free disk space",
                    "Disk Space Available"),
            def("part_max_used", "float", "%", "both", 180, "%.1f", "disk", "Maximum percent used for all partitions",
                    "Maximum Disk Space Used"));

    public static final Map<String, MetricDefinition> BY_NAME =
            NODE.stream().collect(Collectors.toUnmodifiableMap(MetricDefinition::name, Function.identity()));

    private static MetricDefinition def(String name, String type, String units, String slope, int tmax, String format,
            String group, String description, String title) {
        return new MetricDefinition(name, type, units, slope, tmax, 0, format, group, description, title);
    }

    private static MetricDefinition cpu(String name, String description, String title) {
        return def(name, "float", "%", "both", 90, "%.1f", "cpu", description, title);
    }

    private static MetricDefinition mem(String name, String description, String title) {
        return def(name, "float", "KB", "both", 180, "%.0f", "memory", description, title);
    }

    /** The value message id of this metric's type. */
    public int kind() {
        return switch (type) {
            case "string" -> GangliaMessage.STRING;
            case "int8", "int16" -> GangliaMessage.SHORT;
            case "uint8", "uint16" -> GangliaMessage.USHORT;
            case "int32" -> GangliaMessage.INT;
            case "uint32" -> GangliaMessage.UINT;
            case "float" -> GangliaMessage.FLOAT;
            case "double" -> GangliaMessage.DOUBLE;
            default -> throw new IllegalArgumentException("metric " + name + ": type " + type + " is not one of "
                    + GangliaMessage.TYPES);
        };
    }

    /** gmond's metadata message for this metric, in gmond's extra-data order (TITLE, DESC, GROUP). */
    public Metadata metadata(MetricId id) {
        int slopeCode = GangliaMessage.SLOPES.indexOf(slope);
        if (slopeCode < 0) {
            throw new IllegalArgumentException("metric " + name + ": slope " + slope + " is not one of "
                    + GangliaMessage.SLOPES);
        }
        java.util.List<ExtraData> extra = new java.util.ArrayList<>();
        extra.add(new ExtraData("TITLE", title));
        extra.add(new ExtraData("DESC", description));
        extra.add(new ExtraData("GROUP", group));
        if (id.spoof()) {
            extra.add(new ExtraData("SPOOF_HOST", id.host()));
        }
        return new Metadata(id, type, name, units, slopeCode, tmax, dmax, extra);
    }
}
