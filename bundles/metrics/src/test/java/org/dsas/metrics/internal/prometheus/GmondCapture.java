package org.dsas.metrics.internal.prometheus;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.dsas.metrics.api.HostState;
import org.dsas.metrics.api.MetricValue;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The host real gmond 3.7.2 served on TCP 8649 (shared/captures/gmond-3.7.2-cluster.xml, DTD header left out),
 * read into the agent's {@link HostState}: the fixture the exposition is tested against.
 */
final class GmondCapture {

    static final String XML = """
            <GANGLIA_XML VERSION="3.7.2" SOURCE="gmond">
            <CLUSTER NAME="dsas-test" LOCALTIME="1795576268" OWNER="unspecified" LATLONG="unspecified" URL="unspecified">
            <HOST NAME="192.0.2.1" IP="192.0.2.1" TAGS="" REPORTED="1795576263" TN="5" TMAX="20" DMAX="0" LOCATION="unspecified" GMOND_STARTED="1795576243">
            <METRIC NAME="mem_cached" VAL="380440" TYPE="float" UNITS="KB" TN="25" TMAX="180" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="memory"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Amount of cached memory"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Cached Memory"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="pkts_in" VAL="0.00" TYPE="float" UNITS="packets/sec" TN="25" TMAX="300" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="network"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Packets in per second"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Packets Received"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="bytes_in" VAL="0.00" TYPE="float" UNITS="bytes/sec" TN="25" TMAX="300" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="network"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Number of bytes in per second"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Bytes Received"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="bytes_out" VAL="0.00" TYPE="float" UNITS="bytes/sec" TN="25" TMAX="300" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="network"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Number of bytes out per second"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Bytes Sent"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="swap_total" VAL="0" TYPE="float" UNITS="KB" TN="25" TMAX="1200" DMAX="0" SLOPE="zero">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="memory"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Total amount of swap space displayed in KBs"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Swap Space Total"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="mem_free" VAL="23654500" TYPE="float" UNITS="KB" TN="25" TMAX="180" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="memory"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Amount of available memory"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Free Memory"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="load_fifteen" VAL="0.73" TYPE="float" UNITS=" " TN="25" TMAX="950" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="load"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Fifteen minute load average"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Fifteen Minute Load Average"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="os_name" VAL="Linux" TYPE="string" UNITS="" TN="25" TMAX="1200" DMAX="0" SLOPE="zero">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="system"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Operating system name"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Operating System"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="boottime" VAL="1795569071" TYPE="uint32" UNITS="s" TN="25" TMAX="1200" DMAX="0" SLOPE="zero">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="system"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="The last time that the system was started"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Last Boot Time"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="cpu_idle" VAL="77.3" TYPE="float" UNITS="%" TN="5" TMAX="90" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="cpu"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Percentage of time that the CPU or CPUs were idle and the system did not have an outstanding disk I/O request"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="CPU Idle"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="cpu_user" VAL="17.4" TYPE="float" UNITS="%" TN="5" TMAX="90" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="cpu"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Percentage of CPU utilization that occurred while executing at the user level"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="CPU User"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="cpu_nice" VAL="0.0" TYPE="float" UNITS="%" TN="5" TMAX="90" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="cpu"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Percentage of CPU utilization that occurred while executing at the user level with nice priority"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="CPU Nice"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="cpu_aidle" VAL="95.0" TYPE="float" UNITS="%" TN="5" TMAX="3800" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="cpu"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Percent of time since boot idle CPU"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="CPU aidle"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="mem_buffers" VAL="3516" TYPE="float" UNITS="KB" TN="25" TMAX="180" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="memory"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Amount of buffered memory"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Memory Buffers"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="cpu_system" VAL="5.3" TYPE="float" UNITS="%" TN="5" TMAX="90" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="cpu"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Percentage of CPU utilization that occurred while executing at the system level"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="CPU System"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="part_max_used" VAL="68.7" TYPE="float" UNITS="%" TN="25" TMAX="180" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="disk"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Maximum percent used for all partitions"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Maximum Disk Space Used"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="disk_total" VAL="270.553" TYPE="double" UNITS="GB" TN="25" TMAX="1200" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="disk"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Total available disk space"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Total Disk Space"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="mem_shared" VAL="0" TYPE="float" UNITS="KB" TN="25" TMAX="180" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="memory"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Amount of shared memory"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Shared Memory"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="cpu_wio" VAL="0.0" TYPE="float" UNITS="%" TN="5" TMAX="90" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="cpu"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Percentage of time that the CPU or CPUs were idle during which the system had an outstanding disk I/O request"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="CPU wio"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="machine_type" VAL="x86_64" TYPE="string" UNITS="" TN="25" TMAX="1200" DMAX="0" SLOPE="zero">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="system"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="System architecture"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Machine Type"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="proc_total" VAL="97" TYPE="uint32" UNITS=" " TN="25" TMAX="950" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="process"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Total number of processes"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Total Processes"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="cpu_num" VAL="2" TYPE="uint16" UNITS="CPUs" TN="25" TMAX="1200" DMAX="0" SLOPE="zero">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="cpu"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Total number of CPUs"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="CPU Count"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="cpu_speed" VAL="2096" TYPE="uint32" UNITS="MHz" TN="25" TMAX="1200" DMAX="0" SLOPE="zero">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="cpu"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="CPU Speed in terms of MHz"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="CPU Speed"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="pkts_out" VAL="0.00" TYPE="float" UNITS="packets/sec" TN="25" TMAX="300" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="network"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Packets out per second"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Packets Sent"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="swap_free" VAL="0" TYPE="float" UNITS="KB" TN="25" TMAX="180" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="memory"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Amount of available swap memory"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Free Swap Space"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="load_one" VAL="0.85" TYPE="float" UNITS=" " TN="25" TMAX="70" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="load"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="One minute load average"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="One Minute Load Average"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="mem_total" VAL="24683620" TYPE="float" UNITS="KB" TN="25" TMAX="1200" DMAX="0" SLOPE="zero">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="memory"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Total amount of memory displayed in KBs"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Memory Total"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="os_release" VAL="6.18.44-fc-v782" TYPE="string" UNITS="" TN="25" TMAX="1200" DMAX="0" SLOPE="zero">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="system"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Operating system release date"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Operating System Release"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="proc_run" VAL="2" TYPE="uint32" UNITS=" " TN="25" TMAX="950" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="process"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Total number of running processes"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Total Running Processes"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="load_five" VAL="1.06" TYPE="float" UNITS=" " TN="25" TMAX="325" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="load"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Five minute load average"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Five Minute Load Average"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="gexec" VAL="OFF" TYPE="string" UNITS="" TN="25" TMAX="300" DMAX="0" SLOPE="zero">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="core"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="gexec available"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Gexec Status"/>
            </EXTRA_DATA>
            </METRIC>
            <METRIC NAME="disk_free" VAL="84.659" TYPE="double" UNITS="GB" TN="25" TMAX="180" DMAX="0" SLOPE="both">
            <EXTRA_DATA>
            <EXTRA_ELEMENT NAME="GROUP" VAL="disk"/>
            <EXTRA_ELEMENT NAME="DESC" VAL="Total free disk space"/>
            <EXTRA_ELEMENT NAME="TITLE" VAL="Disk Space Available"/>
            </EXTRA_DATA>
            </METRIC>
            </HOST>
            </CLUSTER>
            </GANGLIA_XML>""";

    private GmondCapture() {
    }

    /** The captured host, 32 metrics. */
    static HostState host() {
        try {
            var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(XML.getBytes(StandardCharsets.ISO_8859_1)));
            Element cluster = (Element) doc.getElementsByTagName("CLUSTER").item(0);
            Element host = (Element) cluster.getElementsByTagName("HOST").item(0);
            List<MetricValue> metrics = new ArrayList<>();
            NodeList ms = host.getElementsByTagName("METRIC");
            for (int i = 0; i < ms.getLength(); i++) {
                Element m = (Element) ms.item(i);
                String group = "", desc = "", title = "";
                NodeList extras = m.getElementsByTagName("EXTRA_ELEMENT");
                for (int j = 0; j < extras.getLength(); j++) {
                    Element x = (Element) extras.item(j);
                    switch (x.getAttribute("NAME")) {
                        case "GROUP" -> group = x.getAttribute("VAL");
                        case "DESC" -> desc = x.getAttribute("VAL");
                        case "TITLE" -> title = x.getAttribute("VAL");
                        default -> { }
                    }
                }
                metrics.add(new MetricValue(m.getAttribute("NAME"), m.getAttribute("VAL"), m.getAttribute("TYPE"),
                        m.getAttribute("UNITS"), Integer.parseInt(m.getAttribute("TN")),
                        Integer.parseInt(m.getAttribute("TMAX")), Integer.parseInt(m.getAttribute("DMAX")),
                        m.getAttribute("SLOPE"), "gmond", group, desc, title));
            }
            return new HostState(cluster.getAttribute("NAME"), host.getAttribute("NAME"), host.getAttribute("IP"),
                    Long.parseLong(host.getAttribute("REPORTED")), Integer.parseInt(host.getAttribute("TN")),
                    Integer.parseInt(host.getAttribute("TMAX")), Integer.parseInt(host.getAttribute("DMAX")),
                    host.getAttribute("LOCATION"), Long.parseLong(host.getAttribute("GMOND_STARTED")), metrics);
        } catch (Exception e) {
            throw new IllegalStateException("gmond capture: " + e, e);
        }
    }
}
