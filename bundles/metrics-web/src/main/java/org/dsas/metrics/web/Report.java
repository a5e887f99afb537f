package org.dsas.metrics.web;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A graph of several metrics together, as ganglia's load, cpu, mem and network reports draw them. */
record Report(String name, String title, String units, List<Part> parts) {

    /** One metric of a report; {@code scale} turns ganglia's unit into the report's (KB to bytes). */
    record Part(String metric, String label, double scale) {
    }

    static final List<Report> ALL = List.of(
            new Report("load", "Load", "", List.of(new Part("load_one", "1-min load", 1),
                    new Part("cpu_num", "CPUs", 1), new Part("proc_run", "running processes", 1))),
            new Report("cpu", "CPU", "%", List.of(new Part("cpu_user", "user", 1),
                    new Part("cpu_system", "system", 1), new Part("cpu_nice", "nice", 1),
                    new Part("cpu_wio", "wait io", 1))),
            new Report("mem", "Memory", "bytes", List.of(new Part("mem_total", "total", 1024),
                    new Part("mem_free", "free", 1024), new Part("mem_cached", "cached", 1024),
                    new Part("mem_buffers", "buffers", 1024))),
            new Report("network", "Network", "bytes/sec", List.of(new Part("bytes_in", "in", 1),
                    new Part("bytes_out", "out", 1))));

    /** Metrics that a report draws, so the host report does not draw them a second time. */
    static final Set<String> METRICS = ALL.stream().flatMap(r -> r.parts().stream()).map(Part::metric)
            .collect(Collectors.toUnmodifiableSet());

    static Report named(String name) {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }
}
