package org.dsas.metrics.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricHistory;
import org.dsas.metrics.api.MetricHistory.Series;
import org.dsas.metrics.api.MetricValue;

/**
 * Owns what the metrics web page answers, independent of the servlet container: the cluster overview
 * ({@code /}), the host report ({@code /host}) and graph images ({@code /graph.png}), all read from the
 * collector's {@link MetricHistory}. Links are relative, so the page works under any mount point.
 */
final class MetricsPages {

    /** An answer: status, content type and body. */
    record Reply(int status, String contentType, byte[] body) {

        static Reply html(int status, String html) {
            return new Reply(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
        }
    }

    static final int GRAPH_WIDTH = 480;
    static final int GRAPH_HEIGHT = 220;
    static final int SMALL_WIDTH = 300;
    static final int SMALL_HEIGHT = 120;

    private final MetricHistory history;
    private final ZoneId zone;
    private final LongSupplier clock;

    MetricsPages(MetricHistory history, ZoneId zone, LongSupplier epochSeconds) {
        this.history = history;
        this.zone = zone;
        this.clock = epochSeconds;
    }

    /**
     * @param path the path below the mount point: "/", "/host", "/graph.png"
     */
    Reply handle(String path, Map<String, String> params) {
        return switch (path) {
            case "", "/" -> overview(params);
            case "/host" -> hostReport(params);
            case "/graph.png" -> graph(params);
            default -> Reply.html(404, page("not found", "<p>no page " + esc(path) + "</p>"));
        };
    }

    // ---- cluster overview

    private Reply overview(Map<String, String> params) {
        List<String> clusters = history.clusters();
        if (clusters.isEmpty()) {
            return Reply.html(200, page("metrics", "<h1>metrics</h1><p class=\"nodata\">no data: the collector has"
                    + " not polled any cluster yet</p>" + sources()));
        }
        String cluster = params.getOrDefault("c", clusters.get(0));
        if (!clusters.contains(cluster)) {
            return Reply.html(404, page("metrics", "<p>no cluster " + esc(cluster) + "</p>"));
        }
        TimeRange range = TimeRange.of(params.get("r"));
        List<HostState> hosts = history.hosts(cluster);
        StringBuilder b = new StringBuilder();
        b.append("<h1>cluster ").append(esc(cluster)).append("</h1>");
        if (clusters.size() > 1) {
            b.append("<p>clusters:");
            for (String c : clusters) {
                b.append(" <a href=\"./?c=").append(url(c)).append("\">").append(esc(c)).append("</a>");
            }
            b.append("</p>");
        }
        long up = hosts.stream().filter(HostState::up).count();
        double cpus = hosts.stream().filter(HostState::up).mapToDouble(h -> number(h, "cpu_num")).filter(v -> !Double.isNaN(v)).sum();
        double load = hosts.stream().filter(HostState::up).mapToDouble(h -> number(h, "load_one")).filter(v -> !Double.isNaN(v)).sum();
        b.append("<table class=\"summary\">")
                .append(row("hosts up", Long.toString(up)))
                .append(row("hosts down", Long.toString(hosts.size() - up)))
                .append(row("CPUs total", GraphRenderer.si(cpus)))
                .append(row("1-min load", GraphRenderer.si(load) + (cpus > 0
                        ? " (" + Math.round(100 * load / cpus) + "% of the CPUs)" : "")))
                .append("</table>");
        b.append(loadDistribution(hosts));
        b.append(rangeLinks("./?c=" + url(cluster), range));
        b.append("<div class=\"graphs\">");
        for (Report r : Report.ALL) {
            b.append(img("graph.png?c=" + url(cluster) + "&g=" + r.name() + "&r=" + range.param(),
                    r.title() + " of cluster " + cluster, GRAPH_WIDTH, GRAPH_HEIGHT));
        }
        b.append("</div>");
        b.append("<h2>hosts</h2><table class=\"hosts\"><tr><th>host</th><th>state</th><th>load</th><th>CPUs</th>"
                + "<th>memory</th><th>bytes in/s</th><th>bytes out/s</th><th>load, last ").append(range.param())
                .append("</th></tr>");
        for (HostState h : hosts) {
            String link = "host?c=" + url(cluster) + "&h=" + url(h.name());
            b.append("<tr><td><a href=\"").append(esc(link)).append("\">").append(esc(h.name())).append("</a></td><td>")
                    .append(h.up() ? "up" : "<span class=\"down\">down</span>").append("</td><td>")
                    .append(fmt(h, "load_one", 1)).append("</td><td>").append(fmt(h, "cpu_num", 1))
                    .append("</td><td>").append(fmt(h, "mem_total", 1024)).append("B</td><td>")
                    .append(fmt(h, "bytes_in", 1)).append("</td><td>").append(fmt(h, "bytes_out", 1))
                    .append("</td><td><a href=\"").append(esc(link)).append("\">")
                    .append(img("graph.png?c=" + url(cluster) + "&h=" + url(h.name()) + "&g=load&r="
                            + range.param() + "&size=small", "load of " + h.name(), SMALL_WIDTH, SMALL_HEIGHT))
                    .append("</a></td></tr>");
        }
        b.append("</table>");
        b.append(sources());
        return Reply.html(200, page("cluster " + cluster, b.toString()));
    }

    /** Hosts by 1-min load per CPU, ganglia's load pie as bars. */
    private static String loadDistribution(List<HostState> hosts) {
        String[] names = {"0-25%", "25-50%", "50-75%", "75-100%", "over 100%", "down"};
        int[] counts = new int[names.length];
        for (HostState h : hosts) {
            double per = number(h, "load_one") / Math.max(1, number(h, "cpu_num"));
            int bucket = !h.up() ? 5 : Double.isNaN(per) ? 0 : per > 1 ? 4 : Math.min(3, (int) (per * 4));
            counts[bucket]++;
        }
        StringBuilder b = new StringBuilder("<h2>load distribution</h2><table class=\"dist\">");
        for (int i = 0; i < names.length; i++) {
            int width = hosts.isEmpty() ? 0 : 300 * counts[i] / hosts.size();
            b.append("<tr><td>").append(names[i]).append("</td><td>").append(counts[i])
                    .append("</td><td><div class=\"bar b").append(i).append("\" style=\"width:").append(width)
                    .append("px\"></div></td></tr>");
        }
        return b.append("</table>").toString();
    }

    private String sources() {
        var sources = history.sources();
        if (sources.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<h2>data sources</h2><table class=\"sources\"><tr><th>source</th>"
                + "<th>address</th><th>last poll</th><th></th></tr>");
        for (var s : sources) {
            b.append("<tr><td>").append(esc(s.name())).append("</td><td>").append(esc(s.address()))
                    .append("</td><td>").append(s.ok() ? esc(s.detail())
                            : "<span class=\"down\">failed: " + esc(s.detail()) + "</span>").append("</td><td>")
                    .append(s.lastPollEpochSeconds() > 0 ? time(s.lastPollEpochSeconds()) : "never")
                    .append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    // ---- host report

    private Reply hostReport(Map<String, String> params) {
        String cluster = params.get("c");
        String name = params.get("h");
        if (cluster == null || name == null) {
            return Reply.html(400, page("host report", "<p>host report needs c (cluster) and h (host)</p>"));
        }
        Optional<HostState> found = history.hosts(cluster).stream().filter(h -> h.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            return Reply.html(404, page("host " + name, "<p>no host " + esc(name) + " in cluster " + esc(cluster)
                    + " (<a href=\"./?c=" + url(cluster) + "\">cluster " + esc(cluster) + "</a>)</p>"));
        }
        HostState h = found.get();
        TimeRange range = TimeRange.of(params.get("r"));
        long now = clock.getAsLong();
        StringBuilder b = new StringBuilder();
        b.append("<p><a href=\"./?c=").append(url(cluster)).append("\">cluster ").append(esc(cluster))
                .append("</a></p><h1>host ").append(esc(h.name())).append("</h1>");
        double boot = number(h, "boottime");
        b.append("<table class=\"summary\">")
                .append(row("state", h.up() ? "up" : "down, last heard " + h.tn() + " s ago"))
                .append(row("address", esc(h.ip())))
                .append(row("boot time", Double.isNaN(boot) ? "unknown" : time((long) boot)))
                .append(row("uptime", Double.isNaN(boot) ? "unknown" : uptime(now - (long) boot)))
                .append(row("OS", esc(String.join(" ", text(h, "os_name"), text(h, "os_release"),
                        text(h, "machine_type")).trim())))
                .append(row("CPUs", fmt(h, "cpu_num", 1) + " x " + esc(h.metric("cpu_speed").map(MetricValue::value)
                        .orElse("?")) + " MHz"))
                .append(row("memory", fmt(h, "mem_total", 1024) + "B, swap " + fmt(h, "swap_total", 1024) + "B"))
                .append(row("disk", fmt(h, "disk_total", 1e9) + "B, free " + fmt(h, "disk_free", 1e9) + "B"))
                .append(row("last reported", h.reported() > 0 ? time(h.reported()) : "never"))
                .append(row("location", esc(h.location())))
                .append("</table>");
        List<String> withHistory = history.metrics(cluster, h.name());
        if (withHistory.isEmpty()) {
            b.append("<p class=\"nodata\">no data for host ").append(esc(h.name()))
                    .append(" yet: the collector has no history of it</p>");
        }
        String base = "host?c=" + url(cluster) + "&h=" + url(h.name());
        b.append(rangeLinks(base, range));
        String graph = "graph.png?c=" + url(cluster) + "&h=" + url(h.name()) + "&r=" + range.param();
        b.append("<div class=\"graphs\">");
        for (Report r : Report.ALL) {
            b.append(img(graph + "&g=" + r.name(), r.title() + " of " + h.name(), GRAPH_WIDTH, GRAPH_HEIGHT));
        }
        b.append("</div>");
        TreeSet<String> others = new TreeSet<>(withHistory);
        h.metrics().stream().filter(m -> !Double.isNaN(m.number())).map(MetricValue::name).forEach(others::add);
        others.removeAll(Report.METRICS);
        if (!others.isEmpty()) {
            b.append("<h2>every other metric</h2><div class=\"graphs\">");
            for (String m : others) {
                b.append(img(graph + "&m=" + url(m), m + " of " + h.name(), GRAPH_WIDTH, GRAPH_HEIGHT));
            }
            b.append("</div>");
        }
        return Reply.html(200, page("host " + h.name(), b.toString()));
    }

    // ---- graphs

    private Reply graph(Map<String, String> params) {
        String cluster = params.get("c");
        if (cluster == null) {
            return Reply.html(400, page("graph", "<p>graph needs c (cluster)</p>"));
        }
        String host = params.get("h");
        TimeRange range = TimeRange.of(params.get("r"));
        boolean small = "small".equals(params.get("size"));
        long to = clock.getAsLong();
        long from = to - range.seconds;
        String who = host == null ? "cluster " + cluster : host;
        String title;
        String what;
        String units;
        List<GraphRenderer.Line> lines = new ArrayList<>();
        Report report = Report.named(params.getOrDefault("g", ""));
        if (report != null) {
            title = report.title() + " of " + who + ", last " + range.param();
            what = report.name();
            units = report.units();
            // The cluster summary is a sum over hosts; percentages are shown as the mean, as ganglia does.
            double perHost = host == null && "%".equals(report.units())
                    ? 1.0 / Math.max(1, history.hosts(cluster).size()) : 1;
            for (Report.Part p : report.parts()) {
                lines.add(new GraphRenderer.Line(p.label(), history.fetch(cluster, host, p.metric(), from, to),
                        p.scale() * perHost));
            }
        } else {
            String metric = params.get("m");
            if (metric == null) {
                return Reply.html(400, page("graph", "<p>graph needs g (load, cpu, mem, network) or m (metric)</p>"));
            }
            Series s = history.fetch(cluster, host, metric, from, to);
            title = metric + " of " + who + ", last " + range.param();
            what = metric;
            units = s.units();
            lines.add(new GraphRenderer.Line(metric, s, 1));
        }
        byte[] png = GraphRenderer.png(title, units, lines, from, to, zone, small ? SMALL_WIDTH : GRAPH_WIDTH,
                small ? SMALL_HEIGHT : GRAPH_HEIGHT, "no data for " + what + " of " + who);
        return new Reply(200, "image/png", png);
    }

    // ---- HTML pieces

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title><style>"
                + "body{font-family:sans-serif;margin:1em;color:#282828}table{border-collapse:collapse}"
                + "td,th{padding:2px 8px;text-align:left}.hosts td,.hosts th{border-bottom:1px solid #ddd}"
                + ".graphs img{margin:4px}.down{color:#b00}.nodata{font-weight:bold;color:#b00}"
                + ".bar{height:12px;background:#8aa}.b4{background:#c66}.b5{background:#999}"
                + "</style></head><body>\n" + body + "\n</body></html>\n";
    }

    private static String rangeLinks(String base, TimeRange current) {
        StringBuilder b = new StringBuilder("<p class=\"ranges\">last:");
        for (TimeRange r : TimeRange.values()) {
            b.append(' ');
            if (r == current) {
                b.append("<b>").append(r.param()).append("</b>");
            } else {
                b.append("<a href=\"").append(esc(base + "&r=" + r.param())).append("\">").append(r.param()).append("</a>");
            }
        }
        return b.append("</p>").toString();
    }

    private static String img(String src, String alt, int width, int height) {
        return "<img src=\"" + src.replace("&", "&amp;") + "\" alt=\"" + esc(alt) + "\" width=\"" + width
                + "\" height=\"" + height + "\">";
    }

    private static String row(String key, String value) {
        return "<tr><th>" + key + "</th><td>" + value + "</td></tr>";
    }

    private String time(long epochSeconds) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ENGLISH).withZone(zone)
                .format(Instant.ofEpochSecond(epochSeconds));
    }

    static String uptime(long seconds) {
        Duration d = Duration.ofSeconds(Math.max(0, seconds));
        return d.toDays() + " days, " + d.toHoursPart() + ":" + String.format(Locale.ROOT, "%02d", d.toMinutesPart());
    }

    private static double number(HostState h, String metric) {
        return h.metric(metric).map(MetricValue::number).orElse(Double.NaN);
    }

    private static String text(HostState h, String metric) {
        return h.metric(metric).map(MetricValue::value).orElse("");
    }

    private static String fmt(HostState h, String metric, double scale) {
        double v = number(h, metric);
        return Double.isNaN(v) ? "?" : GraphRenderer.si(v * scale);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String url(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
