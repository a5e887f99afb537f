package org.dsas.metrics.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class MetricsPagesTest {

    private final MetricsPages pages = new MetricsPages(new SineHistory(), ZoneOffset.UTC, () -> SineHistory.NOW);

    private String html(String path, Map<String, String> params) {
        MetricsPages.Reply r = pages.handle(path, params);
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private BufferedImage png(Map<String, String> params) throws Exception {
        MetricsPages.Reply r = pages.handle("/graph.png", params);
        assertEquals("image/png", r.contentType());
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    static int pixels(BufferedImage image, Color colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void overviewCountsHostsAndCpusAndLinksToHostReports() {
        String page = html("/", Map.of());
        assertTrue(page.contains("<tr><th>hosts up</th><td>2</td></tr>"), page);
        assertTrue(page.contains("<tr><th>hosts down</th><td>0</td></tr>"), page);
        assertTrue(page.contains("<tr><th>CPUs total</th><td>4</td></tr>"), page);
        assertTrue(page.contains("href=\"host?c=web&amp;h=busy\""), page);
        assertTrue(page.contains("src=\"graph.png?c=web&amp;g=network&amp;r=hour\""), page);
        // busy: 1.5 / 4 CPUs = 37% -> 25-50%; fresh: 0.1 / 1 -> 0-25%
        assertTrue(page.contains("<tr><td>25-50%</td><td>1</td>"), page);
        assertTrue(page.contains("<tr><td>0-25%</td><td>1</td>"), page);
    }

    @Test
    void hostReportShowsBootTimeUptimeAndEveryOtherMetric() {
        String page = html("/host", Map.of("c", "web", "h", "busy", "r", "week"));
        assertTrue(page.contains("<tr><th>uptime</th><td>3 days, 1:00</td></tr>"), page);
        assertTrue(page.contains("<tr><th>CPUs</th><td>4 x ? MHz</td></tr>"), page);
        assertTrue(page.contains("<tr><th>memory</th><td>8.19GB, swap ?B</td></tr>"), page);
        assertTrue(page.contains("graph.png?c=web&amp;h=busy&amp;r=week&amp;m=ap_busy_workers"), page);
        assertFalse(page.contains("&amp;m=load_one"), "load_one is in the load report already");
        assertFalse(page.contains("no data for host"), page);
    }

    @Test
    void hostWithoutHistorySaysSo() throws Exception {
        String page = html("/host", Map.of("c", "web", "h", "fresh"));
        assertTrue(page.contains("no data for host fresh yet"), page);
        BufferedImage graph = png(Map.of("c", "web", "h", "fresh", "g", "load"));
        for (Color c : GraphRenderer.PALETTE) {
            assertEquals(0, pixels(graph, c), "no line may be drawn for a host without data");
        }
        assertTrue(pixels(graph, GraphRenderer.TEXT) > 50, "the image says no data");
    }

    @Test
    void graphsWithDataDrawTheirLines() throws Exception {
        BufferedImage graph = png(Map.of("c", "web", "h", "busy", "g", "network", "r", "day"));
        assertEquals(MetricsPages.GRAPH_WIDTH, graph.getWidth());
        assertTrue(pixels(graph, GraphRenderer.PALETTE[0]) > 400, "bytes_in line");
        assertTrue(pixels(graph, GraphRenderer.PALETTE[1]) > 400, "bytes_out line");
        assertEquals(0, pixels(graph, GraphRenderer.PALETTE[2]), "two lines only");
        BufferedImage summary = png(Map.of("c", "web", "g", "cpu", "size", "small"));
        assertEquals(MetricsPages.SMALL_WIDTH, summary.getWidth());
        assertTrue(pixels(summary, GraphRenderer.PALETTE[0]) > 200, "cluster cpu_user line");
    }

    @Test
    void unknownHostAndPageAreNotFound() {
        assertEquals(404, pages.handle("/host", Map.of("c", "web", "h", "nope")).status());
        assertEquals(404, pages.handle("/admin", Map.of()).status());
        assertEquals(400, pages.handle("/graph.png", Map.of("c", "web")).status());
    }

    @Test
    void pageTextIsEscaped() {
        assertEquals("&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;", MetricsPages.esc("<b>\"x\" & 'y'"));
    }

    @Test
    void axisLabelsUseSiPrefixes() {
        assertEquals("1.50k", GraphRenderer.si(1500));
        assertEquals("250k", GraphRenderer.si(250000));
        assertEquals("8.19G", GraphRenderer.si(8192000000.0));
        assertEquals("0.25", GraphRenderer.si(0.25));
        assertEquals(5.0, GraphRenderer.niceStep(3.2));
    }
}
