package org.dsas.itests.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.dsas.metrics.web.MetricsWebServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.dsas.testsupport.Gate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics page as a user sees it: the bundle's servlet in the Jetty that pax-web runs, on loopback, fed by
 * ten days of history, rendered by headless Chromium. The screenshots (kept in target/screenshots) must show
 * graph lines in the renderer's line colours across the graphs' width, and a host without history must say so
 * with images that load.
 */
class MetricsWebScreenshotIT {

    /** The renderer's first two line colours (GraphRenderer.PALETTE): used by no other element of the page. */
    private static final int BLUE = 0x0066cc;
    private static final int ORANGE = 0xdd4400;

    private static Server jetty;
    private static String base;
    private static Path shots;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void serve() throws Exception {
        Gate.requireTools("headless Chromium screenshots", false, "chromium");
        TenDaysOfHistory history = new TenDaysOfHistory(System.currentTimeMillis() / 1000);
        jetty = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new MetricsWebServlet(history)), "/metrics-ui/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/metrics-ui/";
        shots = Paths.get(System.getProperty("dsas.screenshots", "target/screenshots"));
        Files.createDirectories(shots);
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
    }

    @Test
    void overviewShowsClusterGraphsWithData() throws Exception {
        String html = get("").body();
        assertTrue(html.contains("<tr><th>hosts up</th><td>3</td></tr>"), html);
        assertTrue(html.contains("<tr><th>CPUs total</th><td>10</td></tr>"), html);
        BufferedImage shot = screenshot(base, "overview.png", 1280, 1900);
        // four cluster graphs of 480 px in two columns and a load thumbnail per host: lines span hundreds of columns
        assertTrue(columnsWith(shot, BLUE) > 600, "blue line columns: " + columnsWith(shot, BLUE));
        assertTrue(columnsWith(shot, ORANGE) > 600, "orange line columns: " + columnsWith(shot, ORANGE));
        assertTrue(pixels(shot, BLUE) > 2000, "blue pixels: " + pixels(shot, BLUE));
    }

    @Test
    void hostReportShowsGraphsWithDataForEveryRange() throws Exception {
        for (String range : List.of("hour", "day", "week", "month", "year")) {
            String url = base + "host?c=dsas-web&h=web1&r=" + range;
            String html = get("host?c=dsas-web&h=web1&r=" + range).body();
            assertTrue(html.contains("<tr><th>uptime</th><td>10 days, 1:"), html);
            assertTrue(html.contains("<tr><th>OS</th><td>Linux 6.1.0-28-amd64 x86_64</td></tr>"), html);
            assertTrue(html.contains("<tr><th>CPUs</th><td>4 x 2096.0 MHz</td></tr>"), html);
            assertTrue(html.contains("m=ap_req_per_sec"), "every other metric is graphed: " + html);
            BufferedImage shot = screenshot(url, "host-web1-" + range + ".png", 1280, 1600);
            // two graph columns of 480 px: a line drawn over the data's span in both
            int minimum = "year".equals(range) ? 20 : "month".equals(range) ? 250 : 600;
            assertTrue(columnsWith(shot, BLUE) > minimum, range + ": blue line columns " + columnsWith(shot, BLUE));
            assertTrue(columnsWith(shot, ORANGE) > minimum, range + ": orange columns " + columnsWith(shot, ORANGE));
        }
    }

    @Test
    void hostWithoutHistorySaysSoAndItsImagesLoad() throws Exception {
        String html = get("host?c=dsas-web&h=web3").body();
        assertTrue(html.contains("no data for host web3 yet"), html);
        List<String> images = new ArrayList<>();
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            images.add(m.group(1).replace("&amp;", "&"));
        }
        assertEquals(4, images.size(), "load, cpu, mem and network reports; cpu_num and load_one are in them");
        for (String src : images) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + src)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), src);
            assertEquals("image/png", r.headers().firstValue("Content-Type").orElse(""), src);
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(r.body()));
            assertNotNull(png, "decodable PNG " + src);
            assertEquals(0, pixels(png, BLUE), "no line for a host without data: " + src);
        }
        BufferedImage shot = screenshot(base + "host?c=dsas-web&h=web3", "host-web3-no-data.png", 1280, 1000);
        assertEquals(0, pixels(shot, BLUE), "no line drawn on the page of a host without data");
        // the four "no data" images are drawn, not broken: their grey frames (GraphRenderer.GRID) are on screen
        assertTrue(pixels(shot, 0xe0e0e0) > 4 * 2 * (480 - 64), "graph frames: " + pixels(shot, 0xe0e0e0));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r;
    }

    /** Chromium's own rendering of a page, saved under target/screenshots. */
    private static BufferedImage screenshot(String url, String name, int width, int height) throws Exception {
        Path file = shots.resolve(name).toAbsolutePath();
        Files.deleteIfExists(file);
        Path profile = Files.createTempDirectory(shots, "chromium-profile");
        Path log = shots.resolve(name + ".log");
        Process p = new ProcessBuilder(Gate.which("chromium").toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--hide-scrollbars", "--force-color-profile=srgb", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000", "--window-size=" + width + "," + height, "--screenshot=" + file, url)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish a screenshot of " + url + " (log " + log + ")");
        }
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertTrue(Files.exists(file) && Files.size(file) > 0, "chromium wrote no screenshot of " + url + " (log " + log + ")");
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "screenshot " + file);
        return image;
    }

    private static int pixels(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += near(image.getRGB(x, y), rgb) ? 1 : 0;
            }
        }
        return n;
    }

    /** Screen columns with at least one pixel of the colour in any graph row: a plotted line covers many. */
    private static int columnsWith(BufferedImage image, int rgb) {
        int n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if (near(image.getRGB(x, y), rgb)) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    private static boolean near(int argb, int rgb) {
        return Math.abs(((argb >> 16) & 0xff) - ((rgb >> 16) & 0xff)) <= 4
                && Math.abs(((argb >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 4
                && Math.abs((argb & 0xff) - (rgb & 0xff)) <= 4;
    }
}
