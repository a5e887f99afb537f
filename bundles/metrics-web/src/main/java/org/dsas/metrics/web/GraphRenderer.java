package org.dsas.metrics.web;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.dsas.metrics.api.MetricHistory.Series;

/**
 * Owns the drawing of one graph as a PNG with Java2D (headless AWT): title, time axis, value axis with SI
 * prefixes, one line per series, and a legend with now/avg/max. A graph whose series have no point says
 * "no data for ..." in the image, so the page never shows a broken image.
 */
final class GraphRenderer {

    /** Line colours, in series order; chosen apart from the greys of grid and text so plotted pixels can be told apart. */
    static final Color[] PALETTE = {new Color(0, 102, 204), new Color(221, 68, 0), new Color(0, 153, 0),
        new Color(153, 0, 153), new Color(204, 153, 0), new Color(0, 170, 170)};

    static final Color BACKGROUND = Color.WHITE;
    static final Color GRID = new Color(224, 224, 224);
    static final Color TEXT = new Color(40, 40, 40);

    /** One line of a graph. */
    record Line(String label, Series series, double scale) {
    }

    private GraphRenderer() {
    }

    /**
     * @param noData what the image says when no series has a point ("no data for load_one of web1")
     */
    static byte[] png(String title, String units, List<Line> lines, long from, long to, ZoneId zone, int width,
            int height, String noData) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // Lines are drawn without antialiasing: their pixels keep the exact palette colour.
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, height < 160 ? 9 : 11);
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            g.setColor(TEXT);
            g.drawString(title, Math.max(2, (width - fm.stringWidth(title)) / 2), fm.getAscent() + 2);

            boolean legend = height >= 160;
            int legendHeight = legend ? lines.size() * (fm.getHeight()) + 4 : 0;
            int left = 52;
            int right = width - 12;
            int top = fm.getHeight() + 8;
            int bottom = height - legendHeight - fm.getHeight() - 6;
            if (bottom - top < 20) {
                bottom = top + 20;
            }

            double max = Double.NEGATIVE_INFINITY;
            double min = 0;
            boolean any = false;
            for (Line l : lines) {
                for (double v : l.series().values()) {
                    if (!Double.isNaN(v)) {
                        any = true;
                        max = Math.max(max, v * l.scale());
                        min = Math.min(min, v * l.scale());
                    }
                }
            }
            g.setColor(GRID);
            g.drawRect(left, top, right - left, bottom - top);
            if (!any) {
                g.setColor(TEXT);
                Font big = font.deriveFont(Font.BOLD, font.getSize2D() + 1);
                g.setFont(big);
                FontMetrics bm = g.getFontMetrics();
                g.drawString(noData, Math.max(2, (width - bm.stringWidth(noData)) / 2), (top + bottom) / 2);
                return encode(image);
            }
            if (max <= min) {
                max = min + 1;
            }
            double step = niceStep((max - min) / 4);
            double lo = Math.floor(min / step) * step;
            double hi = Math.ceil(max / step) * step;

            // value axis
            for (double v = lo; v <= hi + step / 2; v += step) {
                int y = y(v, lo, hi, top, bottom);
                g.setColor(GRID);
                g.drawLine(left, y, right, y);
                g.setColor(TEXT);
                String label = si(v);
                g.drawString(label, left - 4 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
            }
            if (units != null && !units.isBlank() && legend) {
                g.setColor(TEXT);
                g.drawString(units.trim(), 2, fm.getAscent() + 2); // title row: clear of the top axis label
            }
            // time axis
            DateTimeFormatter format = DateTimeFormatter.ofPattern(TimeRange.rangeFor(to - from).labelFormat,
                    Locale.ENGLISH).withZone(zone);
            long tick = TimeRange.rangeFor(to - from).tick;
            int offset = zone.getRules().getOffset(Instant.ofEpochSecond(from)).getTotalSeconds();
            for (long t = ((from + offset) / tick + 1) * tick - offset; t < to; t += tick) {
                int x = x(t, from, to, left, right);
                g.setColor(GRID);
                g.drawLine(x, top, x, bottom);
                g.setColor(TEXT);
                String label = format.format(Instant.ofEpochSecond(t));
                int lx = x - fm.stringWidth(label) / 2;
                if (lx > left - 20 && lx + fm.stringWidth(label) < width) {
                    g.drawString(label, lx, bottom + fm.getAscent() + 2);
                }
            }
            // lines
            g.setStroke(new BasicStroke(2f));
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                g.setColor(PALETTE[i % PALETTE.length]);
                Series s = l.series();
                int px = -1;
                int py = -1;
                for (int k = 0; k < s.values().length; k++) {
                    long t = s.start() + k * s.step();
                    double v = s.values()[k];
                    if (Double.isNaN(v) || t < from || t > to) {
                        px = -1;
                        continue;
                    }
                    int x = x(t, from, to, left, right);
                    int y = y(v * l.scale(), lo, hi, top, bottom);
                    if (px >= 0) {
                        g.drawLine(px, py, x, y);
                    } else {
                        g.fillRect(x - 1, y - 1, 2, 2);
                    }
                    px = x;
                    py = y;
                }
            }
            g.setStroke(new BasicStroke(1f));
            if (legend) {
                int ly = bottom + fm.getHeight() + 6;
                for (int i = 0; i < lines.size(); i++) {
                    Line l = lines.get(i);
                    g.setColor(PALETTE[i % PALETTE.length]);
                    g.fillRect(left, ly + 2, 10, fm.getAscent() - 2);
                    g.setColor(TEXT);
                    g.drawString(l.label() + "   " + summary(l), left + 16, ly + fm.getAscent());
                    ly += fm.getHeight();
                }
            }
            return encode(image);
        } finally {
            g.dispose();
        }
    }

    private static String summary(Line l) {
        double last = Double.NaN;
        double sum = 0;
        double max = Double.NaN;
        int n = 0;
        for (double v : l.series().values()) {
            if (!Double.isNaN(v)) {
                v *= l.scale();
                last = v;
                sum += v;
                n++;
                max = Double.isNaN(max) ? v : Math.max(max, v);
            }
        }
        if (n == 0) {
            return "no data";
        }
        return "now " + si(last) + "  avg " + si(sum / n) + "  max " + si(max);
    }

    private static int x(long t, long from, long to, int left, int right) {
        return left + (int) Math.round((double) (t - from) * (right - left) / Math.max(1, to - from));
    }

    private static int y(double v, double lo, double hi, int top, int bottom) {
        return bottom - (int) Math.round((v - lo) * (bottom - top) / (hi - lo));
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    /** A value with an SI prefix, as rrdtool labels axes: 1.5k, 23M, 0.25. */
    static String si(double v) {
        double a = Math.abs(v);
        String[] prefixes = {"", "k", "M", "G", "T", "P"};
        int i = 0;
        while (a >= 1000 && i < prefixes.length - 1) {
            a /= 1000;
            v /= 1000;
            i++;
        }
        String number;
        if (v == Math.rint(v)) {
            number = Long.toString((long) v);
        } else if (a >= 10) {
            number = String.format(Locale.ROOT, "%.1f", v);
        } else {
            number = String.format(Locale.ROOT, "%.2f", v);
        }
        return number + prefixes[i];
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
