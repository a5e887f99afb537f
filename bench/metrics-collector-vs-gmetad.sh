#!/bin/bash
# Metrics collector vs gmetad 3.7.2 (Debian): both ingest the same simulated cluster, at the same time.
#
# Rig: one network namespace mbe-c (loopback only, deleted on exit); nothing runs in the root namespace.
#   feed  : FakeGmondFeed on 0.0.0.0:18649 in mbe-c, a gmond-style XML of HOSTS hosts x METRICS float metrics,
#           values changing on every poll; it logs each poll with the address it was made to.
#   ours  : CollectorBenchMain (Collector outside Karaf, the component's defaults, DSAS's shipped JVM flags
#           COLLECTOR_JAVA_OPTS), data source "bench" 15 127.0.0.1:18649, RRDs under $OUT/rrd-ours.
#   gmetad: gmetad -d 1 (foreground; debug level 1 prints one line per poll), data_source "bench" 15
#           127.0.0.2:18649, default RRAs (the same as ours), RRDs under $OUT/rrd-gmetad.
# Both RRD dirs are on the same filesystem (that of $OUT). Snapshots when both have created all host RRD files
# and at least WARMUP s have passed since launch (counters start at 0 at launch, so that phase includes JVM
# start-up), and at the end of the WINDOW s after that: CPU = utime+stime (/proc/PID/stat),
# write_bytes and wchar (/proc/PID/io), VmRSS/VmHWM, RRD files and their size (du), polls served per poller.
# The RRD dirs (630 KB per file, 19 GB per 30,000 files) are deleted at the end unless KEEP_RRDS=1.
#
# Usage: bench/metrics-collector-vs-gmetad.sh [hosts=1000] [metrics=30] [window-s=300] [warmup-s=180]
# Env:   COLLECTOR_JAVA_OPTS (default: DSAS's bin/setenv flags)  OUT (default bench/out/metrics-collector-<stamp>)
# Needs root, JDK 17, Maven (fetches what it lacks from Central), free space for 2 x the RRDs; installs iproute2
# and gmetad with apt-get when missing (bench/lib.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
bench_packages iproute2 gmetad
HOSTS=${1:-1000}; METRICS=${2:-30}; WINDOW=${3:-300}; WARMUP=${4:-180}
COLLECTOR_JAVA_OPTS=${COLLECTOR_JAVA_OPTS:--Xms64m -Xmx512m -XX:+UseSerialGC -XX:MaxMetaspaceSize=256m}
OUT=${OUT:-bench/out/metrics-collector-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
HZ=$(getconf CLK_TCK)
need_kb=$(( 2 * HOSTS * METRICS * 640 + 5 * 1024 * 1024 ))
avail_kb=$(df -Pk "$OUT" | awk 'NR == 2 {print $4}')
[ "$avail_kb" -gt "$need_kb" ] || { echo "need $need_kb kB free under $OUT, have $avail_kb" >&2; exit 1; }

echo "metrics collector vs gmetad: $HOSTS hosts x $METRICS metrics, step 15 s, warm-up $WARMUP s, window $WINDOW s, $(date -Is), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/report.txt"
echo "gmetad: $(gmetad --version 2>&1 | head -1); java: $(java -version 2>&1 | head -1); COLLECTOR_JAVA_OPTS=$COLLECTOR_JAVA_OPTS; fs: $(df -PT "$OUT" | awk 'NR == 2 {print $1, $2}')" | tee -a "$OUT/report.txt"

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
    ip netns del mbe-c 2>/dev/null || true
    [ "${KEEP_RRDS:-0}" = 1 ] || rm -rf "$OUT/rrd-ours" "$OUT/rrd-gmetad"
}
trap cleanup EXIT
ip netns add mbe-c
ip -n mbe-c link set lo up
mkdir -p "$OUT/rrd-ours" "$OUT/rrd-gmetad"
cat > "$OUT/gmetad.conf" <<CONF
data_source "bench" 15 127.0.0.2:18649
gridname "bench-grid"
setuid off
rrd_rootdir "$OUT/rrd-gmetad"
xml_port 18651
interactive_port 18652
case_sensitive_hostnames 1
CONF

ip netns exec mbe-c java -Xmx1g -XX:+UseSerialGC -cp "$CP" org.dsas.itests.netns.metrics.bench.FakeGmondFeed \
    0.0.0.0 18649 bench "$HOSTS" "$METRICS" > "$OUT/feed.log" 2>&1 &
FEED=$!; PIDS+=("$FEED")
for i in $(seq 1 30); do grep -q 'FEED LISTENING' "$OUT/feed.log" && break; sleep 1; done
LAUNCH=$(date +%s)
# shellcheck disable=SC2086
ip netns exec mbe-c java $COLLECTOR_JAVA_OPTS -cp "$CP" org.dsas.itests.netns.metrics.bench.CollectorBenchMain \
    "$OUT/rrd-ours" 127.0.0.1 18661 '"bench" 15 127.0.0.1:18649' > "$OUT/ours.log" 2>&1 &
OURS=$!; PIDS+=("$OURS")
ip netns exec mbe-c /usr/sbin/gmetad -d 1 -c "$OUT/gmetad.conf" -p "$OUT/gmetad.pid" > "$OUT/gmetad.log" 2>&1 &
GMETAD=$!; PIDS+=("$GMETAD")

cpu() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
io() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/io"; }
kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
polls() { grep -c "^poll [0-9]* to $1: [0-9]* bytes" "$OUT/feed.log" || true; }
snap() { # label
    local line="$1"
    for side in ours:$OURS:rrd-ours:127.0.0.1 gmetad:$GMETAD:rrd-gmetad:127.0.0.2; do
        IFS=: read -r name pid dir addr <<< "$side"
        line+=" $name cpu=$(cpu "$pid") write_bytes=$(io "$pid" write_bytes) wchar=$(io "$pid" wchar)"
        line+=" rss=$(kb "$pid" VmRSS) hwm=$(kb "$pid" VmHWM) files=$(find "$OUT/$dir" -name '*.rrd' | wc -l)"
        line+=" du=$(du -sk "$OUT/$dir" | cut -f1) polls=$(polls "$addr")"
    done
    echo "$line load=$(cut -d' ' -f1 /proc/loadavg) t=$(date +%s)" | tee -a "$OUT/snapshots.txt"
}
# warm-up: at least WARMUP s, and until both have created all host RRDs (at most 1200 s)
files() { find "$OUT/$1" -name '*.rrd' | wc -l; }
while :; do
    now=$(date +%s)
    [ $((now - LAUNCH)) -ge "$WARMUP" ] && [ "$(files rrd-ours)" -ge $((HOSTS * METRICS)) ] \
        && [ "$(files rrd-gmetad)" -ge $((HOSTS * METRICS)) ] && break
    [ $((now - LAUNCH)) -lt 1200 ] || { echo "RRDs not all created after 1200 s: ours $(files rrd-ours), gmetad $(files rrd-gmetad)" | tee -a "$OUT/report.txt"; break; }
    kill -0 "$OURS" && kill -0 "$GMETAD"
    sleep 5
done
snap warm
echo "window start $(date -Is), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/report.txt"
sleep "$WINDOW"; snap end
echo "window end $(date -Is), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/report.txt"
touch -d '-20 seconds' "$OUT/recent"
fresh_ours=$(find "$OUT/rrd-ours" -name '*.rrd' -newer "$OUT/recent" | wc -l)
fresh_gmetad=$(find "$OUT/rrd-gmetad" -name '*.rrd' -newer "$OUT/recent" | wc -l)
hosts_ours=$(ip netns exec mbe-c bash -c 'exec 3<>/dev/tcp/127.0.0.1/18661; cat <&3' | grep -c '<HOST ' || true)
hosts_gmetad=$(ip netns exec mbe-c bash -c 'exec 3<>/dev/tcp/127.0.0.1/18651; cat <&3' | grep -c '<HOST ' || true)
echo "RRD files written in the last 20 s: ours $fresh_ours, gmetad $fresh_gmetad; hosts in their grid XML: ours $hosts_ours, gmetad $hosts_gmetad" | tee -a "$OUT/report.txt"
kill -0 "$OURS" && kill -0 "$GMETAD" && echo "both alive at the end" | tee -a "$OUT/report.txt"

awk -v hz="$HZ" -v launch="$LAUNCH" '
function f(line, key,   i, n, a) { n = split(line, a, " "); for (i = 1; i <= n; i++) if (index(a[i], key "=") == 1) return substr(a[i], length(key) + 2); return "" }
function side(s, line, name,   n, a, i, out) { n = split(line, a, " "); out = ""; for (i = 2; i <= n; i++) { if (a[i] == "ours" || a[i] == "gmetad") cur = a[i]; else if (cur == name) out = out " " a[i] } return out }
{ snap[$1] = $0 }
END {
    for (k in snap) { O[k] = side(0, snap[k], "ours"); G[k] = side(0, snap[k], "gmetad"); T[k] = f(snap[k], "t") }
    T["launch"] = launch   # counters are 0 at launch: the first rows include JVM start-up and RRD creation
    printf "| figure | ours | gmetad | ours / gmetad |\n|---|---|---|---|\n"
    row("CPU utime+stime, first %s s from launch (creates the RRDs)", "launch", "warm", "cpu", 1 / hz, "%.1f s", T["warm"] - T["launch"])
    row("CPU utime+stime, window of %s s", "warm", "end", "cpu", 1 / hz, "%.1f s", T["end"] - T["warm"])
    row("write_bytes, first %s s from launch", "launch", "warm", "write_bytes", 1 / 1048576, "%.0f MiB", T["warm"] - T["launch"])
    row("write_bytes, window of %s s", "warm", "end", "write_bytes", 1 / 1048576, "%.0f MiB", T["end"] - T["warm"])
    row("wchar (bytes passed to write calls), window of %s s", "warm", "end", "wchar", 1 / 1048576, "%.0f MiB", T["end"] - T["warm"])
    row("polls served to it in the window of %s s", "warm", "end", "polls", 1, "%d", T["end"] - T["warm"])
    abs("VmRSS at the end", "rss", 1 / 1024, "%.1f MiB"); abs("VmHWM at the end", "hwm", 1 / 1024, "%.1f MiB")
    abs("RRD files at the end", "files", 1, "%d"); abs("RRD dir size at the end (du)", "du", 1 / 1048576, "%.2f GiB")
}
function row(label, a, b, key, scale, fmt, secs,   o, g) {
    o = (f(O[b], key) - f(O[a], key)) * scale; g = (f(G[b], key) - f(G[a], key)) * scale
    printf "| " sprintf(label, secs) " | " fmt " | " fmt " | %s |\n", o, g, (g > 0 ? sprintf("%.2f", o / g) : "-")
}
function abs(label, key, scale, fmt,   o, g) {
    o = f(O["end"], key) * scale; g = f(G["end"], key) * scale
    printf "| %s | " fmt " | " fmt " | %s |\n", label, o, g, (g > 0 ? sprintf("%.2f", o / g) : "-")
}' "$OUT/snapshots.txt" | tee -a "$OUT/report.txt"
echo "output in $OUT"
