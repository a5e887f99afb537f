#!/usr/bin/env bash
# lb benchmark 2: the proxy dataplane AS IT RUNS IN THE APPLIANCE vs HAProxy in mode tcp, side by side.
#
# Same backends, same load, same machine, one run:
#   backends : one HAProxy process in mode http answering "rN\n" (http-request return) on 127.0.0.1:18081-18083
#              (fast, so the proxies are what is measured; busybox httpd forks per request and would dominate)
#   haproxy  : mode tcp, balance roundrobin, nbthread $THREADS, listening on 127.0.0.1:18080
#   dsas     : the built appliance (a copy of karaf-assembly/target/assembly), started as the product starts it
#              (bin/dsas-run: user dsas, three network capabilities), roles base + lb, backend = proxy, the proxy's
#              threads = $THREADS, transport auto; its etc/dsas-lb.rules holds "-A -t 127.0.0.1:18090 -s rr" and
#              the three backends (-m -w 1). SSH on 127.0.0.1:18101, metrics agent ports off. Java 17, the
#              appliance's own JVM flags (bin/setenv). A discarded warm-up run on each side (JIT, pools).
#   load     : wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s --latency, MODE=keepalive (HTTP/1.1 keep-alive: forwarding)
#              or MODE=close (a "Connection: close" header: a new connection per request, so accept, scheduling
#              and connect to a backend are measured too).
# ROUNDS rounds, the order alternating (odd rounds haproxy first, even rounds dsas first). wrk's socket errors
# (connect, read, write, timeout) and non-2xx answers are counted per run; any error fails the benchmark (exit 1)
# after the report. The summary gives median, min and max requests/s and p99 per side and the ratios of the
# medians dsas/haproxy (requests/s: higher is better; p99: lower is better).
# Everything shares the box's cores: wrk, the backends and the proxy under test compete for them.
#
# Usage (root: the appliance drops to its own user): bench/proxy-vs-haproxy.sh
#        builds what it needs itself (mvn -B -q install -DskipTests: Maven fetches what the machine lacks from
#        Central) unless DSAS_DIR names a built assembly; installs haproxy, wrk and curl with apt-get if missing.
# Env:   MODE=keepalive|close ROUNDS=10 DURATION=10 CONNS=64 WRK_THREADS=2 THREADS=2 WARMUP=10
#        OUT=bench/out/proxy-<mode>-<ts> DSAS_DIR=karaf-assembly/target/assembly
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

MODE=${MODE:-keepalive}
ROUNDS=${ROUNDS:-10}
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-10}
OUT=${OUT:-bench/out/proxy-$MODE-$(date -u +%Y%m%d-%H%M%S)}
case "$MODE" in
  keepalive) HEADER=() ;;
  close) HEADER=(-H "Connection: close") ;;
  *) echo "MODE=$MODE: keepalive or close" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || { echo "run as root (the appliance is started by bin/dsas-run as root)" >&2; exit 2; }
bench_packages haproxy wrk curl openssh-client
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)

if [ -z "${DSAS_DIR:-}" ]; then
  echo "building the appliance (mvn -B -q install -DskipTests)"
  mvn -B -q install -DskipTests
  DSAS_DIR=karaf-assembly/target/assembly
fi
APP="$OUT/appliance"
rm -rf "$APP"; cp -a "$DSAS_DIR" "$APP"

PIDS=()
cleanup() {
  [ -x "$APP/bin/stop" ] && "$APP/bin/stop" >/dev/null 2>&1 || true
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

cat > "$OUT/backends.cfg" <<CFG
global
  nbthread 1
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend r1
  bind 127.0.0.1:18081
  http-request return status 200 content-type text/plain string "r1\n"
frontend r2
  bind 127.0.0.1:18082
  http-request return status 200 content-type text/plain string "r2\n"
frontend r3
  bind 127.0.0.1:18083
  http-request return status 200 content-type text/plain string "r3\n"
CFG
cat > "$OUT/haproxy.cfg" <<CFG
global
  nbthread $THREADS
defaults
  mode tcp
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend lb
  bind 127.0.0.1:18080
  default_backend real
backend real
  balance roundrobin
  server r1 127.0.0.1:18081
  server r2 127.0.0.1:18082
  server r3 127.0.0.1:18083
CFG

# The appliance: loopback only, lb role with the proxy dataplane, the same service and backends.
setprop() { # file key value
  if grep -q "^$2[[:space:]]*=" "$1"; then sed -i "s|^$2[[:space:]]*=.*|$2 = $3|" "$1"; else echo "$2 = $3" >> "$1"; fi
}
setprop "$APP/etc/org.apache.karaf.shell.cfg" sshPort 18101
setprop "$APP/etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
setprop "$APP/etc/org.dsas.metrics.agent.cfg" send.channels ""
setprop "$APP/etc/org.dsas.metrics.agent.cfg" receive.groups ""
setprop "$APP/etc/org.dsas.metrics.agent.cfg" receive.port 0
setprop "$APP/etc/org.dsas.metrics.agent.cfg" tcp.port 0
setprop "$APP/etc/org.dsas.metrics.prometheus.cfg" port 0
setprop "$APP/etc/org.dsas.lb.cfg" backend proxy
setprop "$APP/etc/org.dsas.lb.proxy.cfg" threads "$THREADS"
printf -- '-A -t 127.0.0.1:18090 -s rr\n-a -t 127.0.0.1:18090 -r 127.0.0.1:18081 -m -w 1\n-a -t 127.0.0.1:18090 -r 127.0.0.1:18082 -m -w 1\n-a -t 127.0.0.1:18090 -r 127.0.0.1:18083 -m -w 1\n' \
  > "$APP/etc/dsas-lb.rules"

haproxy -f "$OUT/backends.cfg" -db > "$OUT/backends.log" 2>&1 & PIDS+=($!)
haproxy -f "$OUT/haproxy.cfg" -db > "$OUT/haproxy.log" 2>&1 & PIDS+=($!)
DSAS_ROLES=lb setsid "$APP/bin/dsas-run" server < /dev/null > "$OUT/appliance.console" 2>&1 & PIDS+=($!)

rr_ok() { # port: three requests answered by r1, r2, r3
  local body
  body=$(for i in 1 2 3; do curl -s --max-time 2 --noproxy '*' "http://127.0.0.1:$1/"; done | sort | tr -d '\n')
  [ "$body" = "r1r2r3" ]
}
for i in $(seq 300); do rr_ok 18090 && break; sleep 0.5; done
for port in 18080 18090; do
  rr_ok $port || { echo "port $port does not round-robin over r1..r3; see $OUT/appliance.console and" \
                        "$APP/data/log/karaf.log" >&2; exit 1; }
done
JPID=$(pgrep -u dsas -f "karaf.home=$APP" | head -1 || true)

# wrk output -> "requests/s p99_ms errors" (errors = socket errors of every kind + non-2xx/3xx answers)
measure() {
  local port=$1 log=$2 secs=$3
  wrk -t"$WRK_THREADS" -c"$CONNS" -d"${secs}s" --latency "${HEADER[@]}" "http://127.0.0.1:$port/" > "$log"
  awk '/Requests\/sec:/ {rps=$2}
       /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
       /Socket errors:/ {gsub(/,/,""); err += $4 + $6 + $8 + $10}
       /Non-2xx or 3xx responses:/ {err += $5}
       END {printf "%.0f %.3f %d\n", rps, p99, err}' "$log"
}

echo "proxy vs haproxy, MODE=$MODE: warm-up ${WARMUP}s each (discarded)"
measure 18090 "$OUT/warmup-dsas.txt" "$WARMUP" > /dev/null
measure 18080 "$OUT/warmup-haproxy.txt" "$WARMUP" > /dev/null

echo "round system requests_per_s p99_ms errors" | tee "$OUT/runs.txt"
for r in $(seq "$ROUNDS"); do
  order="haproxy dsas"; [ $((r % 2)) = 0 ] && order="dsas haproxy"
  for sys in $order; do
    port=18080; [ $sys = dsas ] && port=18090
    read -r rps p99 err < <(measure $port "$OUT/wrk-$sys-$r.txt" "$DURATION")
    echo "$r $sys $rps $p99 $err" | tee -a "$OUT/runs.txt"
  done
done

stats() { # column of runs.txt for a system -> "median min max"
  awk -v s="$1" -v c="$2" '$2==s {print $c}' "$OUT/runs.txt" | sort -g |
    awk '{a[NR]=$1} END {m=(NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2); print m, a[1], a[NR]}'
}
read -r H_RPS H_RPS_MIN H_RPS_MAX < <(stats haproxy 3)
read -r D_RPS D_RPS_MIN D_RPS_MAX < <(stats dsas 3)
read -r H_P99 H_P99_MIN H_P99_MAX < <(stats haproxy 4)
read -r D_P99 D_P99_MIN D_P99_MAX < <(stats dsas 4)
H_ERR=$(awk '$2=="haproxy" {s+=$5} END {print s+0}' "$OUT/runs.txt")
D_ERR=$(awk '$2=="dsas" {s+=$5} END {print s+0}' "$OUT/runs.txt")
{
  echo
  echo "haproxy: req/s median $H_RPS (min $H_RPS_MIN, max $H_RPS_MAX); p99 ms median $H_P99 ($H_P99_MIN-$H_P99_MAX); errors $H_ERR"
  echo "dsas:    req/s median $D_RPS (min $D_RPS_MIN, max $D_RPS_MAX); p99 ms median $D_P99 ($D_P99_MIN-$D_P99_MAX); errors $D_ERR"
  awk -v d="$D_RPS" -v h="$H_RPS" -v dp="$D_P99" -v hp="$H_P99" \
    'BEGIN {printf "ratio dsas/haproxy (medians): requests/s %.2f, p99 %.2f\n", d/h, dp/hp}'
  echo "load: $(cat /proc/loadavg); nproc $(nproc); $(haproxy -v | head -1 | cut -d' ' -f1-3); $(java -version 2>&1 | head -1)"
  echo "settings: MODE=$MODE ROUNDS=$ROUNDS DURATION=$DURATION CONNS=$CONNS WRK_THREADS=$WRK_THREADS THREADS=$THREADS WARMUP=$WARMUP"
  echo "dsas: $(grep -o 'lb proxy: started on [a-z]* with [0-9]* event loop threads' "$APP/data/log/karaf.log" | tail -1); JVM pid ${JPID:-?} user $(ps -o user= -p "${JPID:-1}" 2>/dev/null) RSS $(awk '/VmRSS/ {print $2, $3}' /proc/"${JPID:-1}"/status 2>/dev/null)"
} | tee "$OUT/summary.txt"
[ "$H_ERR" = 0 ] && [ "$D_ERR" = 0 ] || { echo "FAILED: errors during the measured runs (see $OUT/wrk-*.txt)" >&2; exit 1; }
