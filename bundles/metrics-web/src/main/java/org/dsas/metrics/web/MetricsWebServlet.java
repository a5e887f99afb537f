package org.dsas.metrics.web;

import java.io.IOException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.dsas.metrics.api.MetricHistory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the metrics web page's place in the appliance's HTTP server: registered on the HTTP Whiteboard
 * (pax-web) under /metrics-ui/ while the collector's {@link MetricHistory} is there; the pages themselves are
 * {@link MetricsPages}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(MetricsWebServlet.MOUNT + "/*")
@HttpWhiteboardServletName("dsas-metrics-ui")
public class MetricsWebServlet extends HttpServlet {

    static final String MOUNT = "/metrics-ui";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsWebServlet.class);

    @Reference
    private transient MetricHistory history;

    private transient MetricsPages pages;

    public MetricsWebServlet() {
    }

    /** For tests and plain servlet containers: the history DS would inject. */
    public MetricsWebServlet(MetricHistory history) {
        this.history = history;
        activate();
    }

    @Activate
    void activate() {
        pages = new MetricsPages(history, ZoneId.systemDefault(), () -> System.currentTimeMillis() / 1000);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            // "/metrics-ui" without the slash: relative links need the directory form
            response.sendRedirect(request.getRequestURI() + "/");
            return;
        }
        Map<String, String> params = new HashMap<>();
        request.getParameterMap().forEach((k, v) -> params.put(k, v.length == 0 ? "" : v[0]));
        MetricsPages.Reply reply;
        try {
            reply = pages.handle(path, params);
        } catch (RuntimeException e) {
            LOG.warn("metrics-ui: {}?{}: {}", path, request.getQueryString(), e.toString());
            reply = MetricsPages.Reply.html(500, "<p>metrics-ui: " + MetricsPages.esc(e.toString()) + "</p>");
        }
        response.setStatus(reply.status());
        response.setContentType(reply.contentType());
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(reply.body().length);
        response.getOutputStream().write(reply.body());
    }
}
