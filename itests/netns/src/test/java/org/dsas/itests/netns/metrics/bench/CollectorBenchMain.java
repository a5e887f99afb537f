package org.dsas.itests.netns.metrics.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.dsas.metrics.collector.internal.Collector;
import org.dsas.metrics.collector.internal.DataSourceSpec;

/**
 * Our collector outside Karaf for bench/metrics-collector-vs-gmetad.sh, with the component's defaults (poll
 * timeout, XML size limit): {@code CollectorBenchMain <rrd dir> <bind> <xml port> <data source line>}, the data
 * source in gmetad.conf syntax ({@code "bench" 15 127.0.0.1:18649}); runs until killed.
 */
public final class CollectorBenchMain {

    private CollectorBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        int xmlPort = Integer.parseInt(args[2]);
        Collector c = new Collector(new Collector.Settings(List.of(DataSourceSpec.parse(args[3])), Path.of(args[0]),
                "dsas-bench", "http://" + args[1] + "/", args[1], xmlPort, xmlPort + 1, Duration.ofSeconds(10),
                256L << 20));
        c.start();
        System.out.println("COLLECTOR STARTED");
        System.out.flush();
        Thread.currentThread().join();
    }
}
