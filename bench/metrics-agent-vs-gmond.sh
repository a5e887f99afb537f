#!/bin/bash
# Metrics agent vs gmond 3.7.2 (Debian ganglia-monitor): CPU and RSS of each over the same window, at the same time.
#
# Rig (network namespaces created here, TEST-NET-1 only, deleted on exit; nothing multicasts in the root namespace):
#   mbe-g  : eth0 192.0.2.11/24  real gmond, Debian's stock /etc/ganglia/gmond.conf (all default modules and
#            collection groups: collect_every 20-80 s with value and time thresholds) with only these changes:
#            not daemonized, not setuid, cluster "bench", mcast_if eth0 on both channels.
#   mbe-a  : eth0 192.0.2.12/24  our agent (AgentBenchMain: the agent component's defaults, collect every 15 s,
#            metadata every 60 s, 239.2.11.71:8649, XML on TCP 8649) in its own JVM (AGENT_JAVA_OPTS).
#   mbe-gp, mbe-ap: the other ends of the veths (up, no address), so that each side is alone on its segment and
#            hears only itself (multicast loopback).
# Each is polled for its XML every 15 s inside its namespace (as a gmetad would). After WARMUP s, the window of
# WINDOW s: CPU = utime+stime from /proc/PID/stat (delta over the window), VmRSS/VmHWM at the end, UDP datagrams
# and bytes sent on eth0 over the window, size and METRIC count of the XML at the end.
#
# Usage: bench/metrics-agent-vs-gmond.sh [window-s=600] [warmup-s=30]
# Env:   AGENT_JAVA_OPTS (default -XX:+UseSerialGC -Xmx64m)  OUT (default bench/out/metrics-agent-<stamp>)
# Needs root, JDK 17, Maven (fetches what it lacks from Central); installs iproute2 and ganglia-monitor (gmond)
# with apt-get when missing (bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_packages iproute2 ganglia-monitor
WINDOW=${1:-600}; WARMUP=${2:-30}
AGENT_JAVA_OPTS=${AGENT_JAVA_OPTS:--XX:+UseSerialGC -Xmx64m}
OUT=${OUT:-bench/out/metrics-agent-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
HZ=$(getconf CLK_TCK)

echo "metrics agent vs gmond: warm-up $WARMUP s, window $WINDOW s, $(date -Is), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/report.txt"
echo "gmond: $(gmond --version 2>&1); java: $(java -version 2>&1 | head -1); AGENT_JAVA_OPTS=$AGENT_JAVA_OPTS" | tee -a "$OUT/report.txt"

# one reactor, nothing installed: the agent's own target/classes and the bench mains' test-classes
# the modules and what they need, in the local repository first (a fresh machine has none of it)
mvn -B -q install -DskipTests -am -pl bundles/metrics,bundles/metrics-collector,itests/netns
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test \
    -pl bundles/metrics,bundles/metrics-collector,itests/netns
CP="$PWD/itests/netns/target/test-classes:$(cat "$OUT/cp.txt")"

PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 1
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    for ns in mbe-g mbe-gp mbe-a mbe-ap; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT

side() { # ns peer-ns address
    ip netns add "$1"; ip netns add "$2"
    ip -n "$1" link add eth0 type veth peer name eth0 netns "$2"
    ip -n "$1" addr add "$3/24" dev eth0
    ip -n "$1" link set lo up; ip -n "$1" link set eth0 up; ip -n "$2" link set lo up; ip -n "$2" link set eth0 up
    ip netns exec "$2" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1
}
side mbe-g mbe-gp 192.0.2.11
side mbe-a mbe-ap 192.0.2.12

sed -e 's/daemonize = yes/daemonize = no/' -e 's/setuid = yes/setuid = no/' -e 's/user = ganglia/user = root/' \
    -e '0,/name = "unspecified"/s//name = "bench"/' \
    -e 's/^\(\s*mcast_join = 239.2.11.71\s*\)$/\1\n  mcast_if = eth0/' \
    -e "s#include ('/etc/ganglia/conf.d/\*.conf')##" /etc/ganglia/gmond.conf > "$OUT/gmond.conf"
diff /etc/ganglia/gmond.conf "$OUT/gmond.conf" > "$OUT/gmond.conf.diff" || true

ip netns exec mbe-g /usr/sbin/gmond -f -c "$OUT/gmond.conf" -p "$OUT/gmond.pid" > "$OUT/gmond.log" 2>&1 &
GMOND=$!; PIDS+=("$GMOND")
# shellcheck disable=SC2086
ip netns exec mbe-a java $AGENT_JAVA_OPTS -cp "$CP" org.dsas.itests.netns.metrics.bench.AgentBenchMain bench eth0 \
    > "$OUT/agent.log" 2>&1 &
AGENT=$!; PIDS+=("$AGENT")

xml() { ip netns exec "$1" bash -c "exec 3<>/dev/tcp/$2/8649; cat <&3" 2>/dev/null; }
cpu() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }       # utime+stime in ticks (fields 14, 15)
mem() { awk '/^VmRSS|^VmHWM/ {printf "%s %s kB  ", $1, $2}' "/proc/$1/status"; }
mem_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
udp_out() { ip netns exec "$1" awk '/^Udp:/ {n++; if (n == 2) print $5}' /proc/net/snmp; }
tx_bytes() { ip netns exec "$1" cat /sys/class/net/eth0/statistics/tx_bytes; }

for i in $(seq 1 60); do
    xml mbe-g 192.0.2.11 | grep -q '<HOST' && xml mbe-a 192.0.2.12 | grep -q '<HOST' && break
    sleep 1
done
echo "both serve XML after ${i}s" | tee -a "$OUT/report.txt"
sleep "$WARMUP"
kill -0 "$GMOND" && kill -0 "$AGENT"

G0=$(cpu "$GMOND"); A0=$(cpu "$AGENT"); GU0=$(udp_out mbe-g); AU0=$(udp_out mbe-a); GB0=$(tx_bytes mbe-g); AB0=$(tx_bytes mbe-a)
T0=$(date +%s.%N)
echo "window start $(date -Is), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/report.txt"
END=$(( $(date +%s) + WINDOW ))
while [ "$(date +%s)" -lt "$END" ]; do      # a gmetad-like poll of each every 15 s
    xml mbe-g 192.0.2.11 > "$OUT/gmond.xml"; xml mbe-a 192.0.2.12 > "$OUT/agent.xml"
    sleep $(( END - $(date +%s) < 15 ? (END - $(date +%s) > 0 ? END - $(date +%s) : 0) : 15 ))
done
G1=$(cpu "$GMOND"); A1=$(cpu "$AGENT"); GU1=$(udp_out mbe-g); AU1=$(udp_out mbe-a); GB1=$(tx_bytes mbe-g); AB1=$(tx_bytes mbe-a)
T1=$(date +%s.%N)
GM=$(mem "$GMOND"); AM=$(mem "$AGENT")
GRSS=$(mem_kb "$GMOND" VmRSS); ARSS=$(mem_kb "$AGENT" VmRSS); GHWM=$(mem_kb "$GMOND" VmHWM); AHWM=$(mem_kb "$AGENT" VmHWM)
echo "window end $(date -Is), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/report.txt"
xml mbe-g 192.0.2.11 > "$OUT/gmond.xml"; xml mbe-a 192.0.2.12 > "$OUT/agent.xml"

awk -v hz="$HZ" -v t="$(echo "$T1 - $T0" | bc)" -v g0="$G0" -v g1="$G1" -v a0="$A0" -v a1="$A1" \
    -v gu="$((GU1 - GU0))" -v au="$((AU1 - AU0))" -v gb="$((GB1 - GB0))" -v ab="$((AB1 - AB0))" \
    -v grss="$GRSS" -v arss="$ARSS" -v ghwm="$GHWM" -v ahwm="$AHWM" \
    -v gx="$(wc -c < "$OUT/gmond.xml")" -v ax="$(wc -c < "$OUT/agent.xml")" \
    -v gm="$(grep -c '<METRIC ' "$OUT/gmond.xml")" -v am="$(grep -c '<METRIC ' "$OUT/agent.xml")" 'BEGIN {
    gc = (g1 - g0) / hz; ac = (a1 - a0) / hz
    printf "window %.1f s\n", t
    printf "| figure | ours (agent JVM) | gmond | ours / gmond |\n|---|---|---|---|\n"
    printf "| CPU utime+stime over the window | %.2f s (%.3f%% of one cpu) | %.2f s (%.3f%%) | %s |\n", ac, 100*ac/t, gc, 100*gc/t, (gc > 0 ? sprintf("%.2f", ac/gc) : "-")
    printf "| VmRSS at the end | %.1f MiB | %.1f MiB | %.2f |\n", arss/1024, grss/1024, arss/grss
    printf "| VmHWM at the end | %.1f MiB | %.1f MiB | %.2f |\n", ahwm/1024, ghwm/1024, ahwm/ghwm
    printf "| UDP datagrams sent in the window | %d | %d | %.2f |\n", au, gu, (gu > 0 ? au/gu : 0)
    printf "| eth0 bytes sent in the window | %d | %d | %.2f |\n", ab, gb, (gb > 0 ? ab/gb : 0)
    printf "| metrics in its XML (own host) / XML bytes | %d / %d | %d / %d | - |\n", am, ax, gm, gx
}' | tee -a "$OUT/report.txt"
echo "raw: ticks gmond $G0->$G1 agent $A0->$A1 (HZ $HZ); gmond $GM; agent $AM" | tee -a "$OUT/report.txt"
kill -0 "$GMOND" && kill -0 "$AGENT" && echo "both alive at the end" | tee -a "$OUT/report.txt"
echo "output in $OUT"
