#!/usr/bin/env bash
# lb benchmark 2: the proxy dataplane (org.dsas.lb.proxy, Netty) vs HAProxy in mode tcp, side by side.
#
# Same backends, same load, same machine, one run:
#   backends : one HAProxy process in mode http answering "rN\n" (http-request return) on 127.0.0.1:18081-18083
#              (fast, so the proxies are what is measured; busybox httpd forks per request and would dominate)
#   haproxy  : mode tcp, balance roundrobin, nbthread $THREADS, listening on 127.0.0.1:18080
#   dsas     : StandaloneProxy (the ProxyDataplane outside OSGi), scheduler rr, $THREADS event loop threads,
#              listening on 127.0.0.1:18090; Java 17, default heap, after a discarded warm-up run (JIT)
#   load     : wrk -t$WRK_THREADS -c$CONNS -d${DURATION}s --latency http://127.0.0.1:<port>/ (keep-alive)
# ROUNDS rounds alternate haproxy, dsas; each reports requests/s and p99 latency; the summary gives the
# medians and the ratio dsas/haproxy (requests/s: higher is better; p99: lower is better).
# Everything shares the box's cores: wrk, backends and the proxy under test compete for them.
#
# Usage: bench/proxy-vs-haproxy.sh   (after `mvn -o -q package -pl bundles/lb-proxy -DskipTests`)
# Env:   ROUNDS=3 DURATION=15 CONNS=64 WRK_THREADS=2 THREADS=2 WARMUP=10 OUT=/tmp/dsas-proxy-bench-<ts>
#        TRANSPORT=nio|epoll (epoll: netty-transport-classes-epoll and -native-epoll linux-x86_64 of the parent
#        pom's netty.version must be in ~/.m2: mvn dependency:get -Dartifact=io.netty:netty-transport-native-epoll:<v>:jar:linux-x86_64)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
THREADS=${THREADS:-2}
TRANSPORT=${TRANSPORT:-nio}
WARMUP=${WARMUP:-10}
OUT=${OUT:-/tmp/dsas-proxy-bench-$(date -u +%Y%m%d-%H%M%S)}
M2=${M2:-$HOME/.m2/repository}
JAVA=${JAVA:-java}
mkdir -p "$OUT"

NETTY=$(sed -n 's:.*<netty.version>\(.*\)</netty.version>.*:\1:p' "$REPO_ROOT/pom.xml")
SLF4J=$(sed -n 's:.*<slf4j.version>\(.*\)</slf4j.version>.*:\1:p' "$REPO_ROOT/pom.xml")
CP="$REPO_ROOT/bundles/lb-proxy/target/classes:$M2/org/dsas/bundles/org.dsas.lb/0.1.0-SNAPSHOT/org.dsas.lb-0.1.0-SNAPSHOT.jar"
for a in netty-common netty-buffer netty-resolver netty-transport netty-transport-native-unix-common netty-codec netty-handler; do
  CP="$CP:$M2/io/netty/$a/$NETTY/$a-$NETTY.jar"
done
CP="$CP:$M2/org/slf4j/slf4j-api/$SLF4J/slf4j-api-$SLF4J.jar:$M2/org/slf4j/slf4j-nop/$SLF4J/slf4j-nop-$SLF4J.jar"
if [ "$TRANSPORT" != nio ]; then
  CP="$CP:$M2/io/netty/netty-transport-classes-epoll/$NETTY/netty-transport-classes-epoll-$NETTY.jar"
  CP="$CP:$M2/io/netty/netty-transport-native-epoll/$NETTY/netty-transport-native-epoll-$NETTY-linux-x86_64.jar"
fi
for f in ${CP//:/ }; do [ -e "$f" ] || { echo "missing $f (build bundles/lb-proxy first)" >&2; exit 1; }; done

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
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
cat > "$OUT/dsas.spec" <<CFG
threads $THREADS
transport $TRANSPORT
service tcp 127.0.0.1:18090 rr
server 127.0.0.1:18081 1
server 127.0.0.1:18082 1
server 127.0.0.1:18083 1
CFG

haproxy -f "$OUT/backends.cfg" -db > "$OUT/backends.log" 2>&1 & PIDS+=($!)
haproxy -f "$OUT/haproxy.cfg" -db > "$OUT/haproxy.log" 2>&1 & PIDS+=($!)
"$JAVA" ${JAVA_OPTS:-} -cp "$CP" org.dsas.lb.proxy.StandaloneProxy "$OUT/dsas.spec" > "$OUT/dsas.log" 2>&1 & PIDS+=($!)
for i in $(seq 100); do grep -q READY "$OUT/dsas.log" && break; sleep 0.1; done
grep -q READY "$OUT/dsas.log" || { cat "$OUT/dsas.log"; exit 1; }
sleep 0.5

for port in 18080 18090; do
  body=$(for i in 1 2 3; do curl -s --noproxy '*' http://127.0.0.1:$port/; done | sort | tr -d '\n')
  [ "$body" = "r1r2r3" ] || { echo "port $port does not round-robin over r1..r3: $body" >&2; exit 1; }
done

# wrk output -> "requests/s p99_ms"
measure() {
  local port=$1 log=$2
  wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --latency "http://127.0.0.1:$port/" > "$log"
  awk '/Requests\/sec:/ {rps=$2}
       /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
       END {printf "%.0f %.3f\n", rps, p99}' "$log"
}

echo "warm-up: dsas ${WARMUP}s, haproxy ${WARMUP}s (discarded)"
wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARMUP}s" http://127.0.0.1:18090/ > "$OUT/warmup-dsas.txt"
wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARMUP}s" http://127.0.0.1:18080/ > "$OUT/warmup-haproxy.txt"

echo "round system requests_per_s p99_ms" | tee "$OUT/runs.txt"
for r in $(seq "$ROUNDS"); do
  for sys in haproxy dsas; do
    port=18080; [ $sys = dsas ] && port=18090
    read -r rps p99 < <(measure $port "$OUT/wrk-$sys-$r.txt")
    echo "$r $sys $rps $p99" | tee -a "$OUT/runs.txt"
  done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
H_RPS=$(awk '$2=="haproxy"{print $3}' "$OUT/runs.txt" | median)
D_RPS=$(awk '$2=="dsas"{print $3}' "$OUT/runs.txt" | median)
H_P99=$(awk '$2=="haproxy"{print $4}' "$OUT/runs.txt" | median)
D_P99=$(awk '$2=="dsas"{print $4}' "$OUT/runs.txt" | median)
{
  echo
  echo "median haproxy: $H_RPS req/s, p99 $H_P99 ms"
  echo "median dsas:    $D_RPS req/s, p99 $D_P99 ms"
  awk -v d="$D_RPS" -v h="$H_RPS" -v dp="$D_P99" -v hp="$H_P99" \
    'BEGIN {printf "ratio dsas/haproxy: requests/s %.2f, p99 %.2f\n", d/h, dp/hp}'
  echo "load: $(cat /proc/loadavg); nproc $(nproc); $(haproxy -v | head -1 | cut -d' ' -f1-3); $("$JAVA" -version 2>&1 | head -1)"
  echo "settings: ROUNDS=$ROUNDS DURATION=$DURATION CONNS=$CONNS WRK_THREADS=$WRK_THREADS THREADS=$THREADS TRANSPORT=$TRANSPORT JAVA_OPTS=${JAVA_OPTS:-}"
  echo "dsas transport: $(grep -o 'transport=[a-z]*' "$OUT/dsas.log")"
} | tee "$OUT/summary.txt"
