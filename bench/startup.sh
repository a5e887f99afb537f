#!/usr/bin/env bash
# Cold-start benchmark: stock Apache Karaf 4.4.10 vs. the DSAS appliance.
#
# For each run (alternating stock / DSAS) it
#   1. makes a private copy of the distribution with an empty data/ directory,
#   2. configures unique loopback-only ports and a throwaway ECDSA admin key,
#   3. launches `bin/karaf server` and polls (every POLL s) until
#      `ssh admin@127.0.0.1 'shell:echo ready'` (public-key login) prints "ready",
#      and reads the CPU time (user+sys, all threads) the JVM has used so far: unlike
#      wall time, this barely changes when other work competes for the CPUs,
#   4. waits SETTLE seconds and reads VmRSS of the JVM from /proc/<pid>/status,
#   5. stops the instance and deletes the copy.
# Reports medians/min/max per system and DSAS/stock ratios (lower is better).
#
# Usage: bench/startup.sh [DSAS_ASSEMBLY_DIR]   (default: karaf-assembly/target/assembly)
# Env:   RUNS=5  SETTLE=10  START_TIMEOUT=120  POLL=0.1  WARMUP=1
#        STOCK_TARBALL=~/.m2/.../apache-karaf-4.4.10.tar.gz
#        OUT=bench/out/startup-<timestamp>.md   EXTRA_JAVA_OPTS (passed to both JVMs)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CMDLINE="$(printf '%q ' "$0" "$@")"
CMDLINE="${CMDLINE% }"

RUNS="${RUNS:-5}"
SETTLE="${SETTLE:-10}"
START_TIMEOUT="${START_TIMEOUT:-120}"
POLL="${POLL:-0.1}"
WARMUP="${WARMUP:-1}"
KARAF_VERSION=4.4.10
STOCK_TARBALL="${STOCK_TARBALL:-$HOME/.m2/repository/org/apache/karaf/apache-karaf/$KARAF_VERSION/apache-karaf-$KARAF_VERSION.tar.gz}"
DSAS_DIR="${1:-$REPO_ROOT/karaf-assembly/target/assembly}"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="${OUT:-$REPO_ROOT/bench/out/startup-$STAMP.md}"

# Do not let the caller's environment leak into the Karaf launch scripts.
unset JAVA_OPTS KARAF_HOME KARAF_BASE KARAF_DATA KARAF_ETC KARAF_LOG KARAF_OPTS KARAF_EXEC \
      JAVA_MIN_MEM JAVA_MAX_MEM JAVA_PERM_MEM JAVA_MAX_PERM_MEM KARAF_DEBUG
export EXTRA_JAVA_OPTS="${EXTRA_JAVA_OPTS:-}"

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- checks
for tool in java ssh ssh-keygen ss pgrep setsid timeout tar awk; do
    command -v "$tool" >/dev/null || die "missing tool: $tool (apt-get install openssh-client iproute2 procps ...)"
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ -x "$DSAS_DIR/bin/karaf" ]] || die "DSAS assembly not found: $DSAS_DIR/bin/karaf (build karaf-assembly first)"
DSAS_DIR="$(cd "$DSAS_DIR" && pwd)"
if [[ ! -f "$STOCK_TARBALL" ]]; then
    log "stock tarball missing, fetching with mvn dependency:get"
    (cd /tmp && mvn -q dependency:get -Dartifact="org.apache.karaf:apache-karaf:$KARAF_VERSION:tar.gz") \
        || die "could not fetch $STOCK_TARBALL"
fi

# ---------------------------------------------------------------- temp area + cleanup
WORK="$(mktemp -d -t dsas-startup-bench.XXXXXX)"
CUR_PGID=""   # process group of the Karaf instance currently running (if any)

stop_karaf() {   # stop the whole process group: TERM, wait up to 20 s, then KILL
    local pgid="$1" i
    [[ -n "$pgid" ]] || return 0
    kill -TERM -- "-$pgid" 2>/dev/null || return 0
    for ((i = 0; i < 200; i++)); do
        kill -0 -- "-$pgid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$pgid" 2>/dev/null || true
}
cleanup() {
    stop_karaf "$CUR_PGID"
    CUR_PGID=""
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------- shared inputs
log "extracting stock Karaf $KARAF_VERSION"
mkdir -p "$WORK/stock-src"
tar -xzf "$STOCK_TARBALL" -C "$WORK/stock-src" --strip-components=1
STOCK_DIR="$WORK/stock-src"

KEY="$WORK/id_ecdsa"     # Karaf 4.4 key login does not support ed25519
ssh-keygen -q -t ecdsa -b 256 -N '' -C dsas-bench -f "$KEY"
KEY_BLOB="$(awk '{print $2}' "$KEY.pub")"

SSH_OPTS=(-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
          -o BatchMode=yes -o PreferredAuthentications=publickey -o IdentitiesOnly=yes
          -o ConnectTimeout=2 -o LogLevel=ERROR -i "$KEY")

# ---------------------------------------------------------------- helpers
USED_PORTS=" "
free_port() {   # random TCP port not listening on this host and not handed out before
    local p
    while :; do
        p=$((20000 + RANDOM % 30000))
        [[ "$USED_PORTS" == *" $p "* ]] && continue
        [[ -z "$(ss -Htln "sport = :$p")" ]] || continue
        USED_PORTS+="$p "
        echo "$p"
        return
    done
}

set_prop() {   # set_prop FILE KEY VALUE: replace an uncommented "key = ..." line or append one
    local file="$1" key="$2" val="$3" kre
    kre="$(printf '%s' "$key" | sed 's/[.[\*^$/]/\\&/g')"
    if grep -Eq "^[[:space:]]*${kre}[[:space:]]*[=:]" "$file"; then
        sed -i -E "s/^[[:space:]]*${kre}[[:space:]]*[=:].*/${key} = ${val}/" "$file"
    else
        printf '\n%s = %s\n' "$key" "$val" >>"$file"
    fi
}

# prepare SRC DEST: private copy with empty data/, fresh ports, admin key
prepare() {
    local src="$1" dst="$2"
    mkdir -p "$dst"
    cp -a "$src/." "$dst/"
    # Cold start: no state left over from any earlier in-place run of the input.
    rm -rf "$dst/data" "$dst/instances" "$dst/lock" "$dst/karaf.pid" "$dst/etc/host.key"
    mkdir -p "$dst/data"

    SSH_PORT="$(free_port)"
    set_prop "$dst/etc/org.apache.karaf.shell.cfg" sshPort "$SSH_PORT"
    set_prop "$dst/etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
    local mgmt="$dst/etc/org.apache.karaf.management.cfg"
    if [[ -f "$mgmt" ]]; then
        set_prop "$mgmt" rmiRegistryPort "$(free_port)"
        set_prop "$mgmt" rmiServerPort "$(free_port)"
        set_prop "$mgmt" rmiRegistryHost 127.0.0.1
        set_prop "$mgmt" rmiServerHost 127.0.0.1
    fi
    # If the appliance runs an HTTP service, keep it off shared ports too.
    if [[ -f "$dst/etc/org.ops4j.pax.web.cfg" ]]; then
        set_prop "$dst/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$(free_port)"
    fi
    # Public-key login for admin (existing _g_\:admingroup line is kept).
    printf '\nadmin=%s,_g_:admingroup\n' "$KEY_BLOB" >>"$dst/etc/keys.properties"
}

CLK_TCK="$(getconf CLK_TCK)"
jvm_pid() { pgrep -g "$1" -x java | head -n1 || true; }
cpu_ms() { awk -v t="$CLK_TCK" '{ printf "%d", ($14 + $15) * 1000 / t }' "/proc/$1/stat"; }  # utime+stime

# run_once NAME SRC -> sets R_MS (ms to SSH-ready), R_CPU (JVM CPU ms at ready),
#                      R_RSS / R_HWM (kB) ; MEASURE_RSS=0 skips settle
run_once() {
    local name="$1" src="$2" t0 now pid out
    local dir="$WORK/run-$name"
    prepare "$src" "$dir"
    t0=$(date +%s%N)
    # setsid: own process group (so everything can be killed at once); exec'd directly,
    # so $! is both the pid of bin/karaf and the process-group id.
    (cd "$dir" && exec setsid bin/karaf server </dev/null >"$dir/console.log" 2>&1) &
    CUR_PGID=$!
    while :; do
        out="$(timeout 5 ssh "${SSH_OPTS[@]}" -p "$SSH_PORT" admin@127.0.0.1 'shell:echo ready' \
                2>/dev/null </dev/null || true)"
        [[ "$out" == *ready* ]] && break
        now=$(date +%s%N)
        if ! kill -0 "$CUR_PGID" 2>/dev/null; then
            tail -n 30 "$dir/console.log" "$dir/data/log/karaf.log" >&2 2>/dev/null || true
            die "$name: Karaf exited before SSH became ready"
        fi
        if (( (now - t0) / 1000000000 >= START_TIMEOUT )); then
            tail -n 30 "$dir/data/log/karaf.log" >&2 2>/dev/null || true
            die "$name: SSH not ready after ${START_TIMEOUT}s"
        fi
        sleep "$POLL"
    done
    now=$(date +%s%N)
    R_MS=$(( (now - t0) / 1000000 ))
    pid="$(jvm_pid "$CUR_PGID")"
    [[ -n "$pid" ]] || die "$name: no java process found in process group $CUR_PGID"
    R_CPU="$(cpu_ms "$pid")"
    R_RSS=""; R_HWM=""
    if [[ "${MEASURE_RSS:-1}" == 1 ]]; then
        sleep "$SETTLE"
        R_RSS=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
        R_HWM=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
    fi
    stop_karaf "$CUR_PGID"
    CUR_PGID=""
    rm -rf "$dir"
}

# stats VALUES... -> "median min max"
stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; print m, v[1], v[NR] }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# ---------------------------------------------------------------- benchmark
SYSTEMS=(stock dsas)
declare -A SRC=([stock]="$STOCK_DIR" [dsas]="$DSAS_DIR")
declare -A MS CPU RSS HWM   # keyed "system,run"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

for ((w = 1; w <= WARMUP; w++)); do
    for s in "${SYSTEMS[@]}"; do
        log "warm-up $w/$WARMUP: $s"
        MEASURE_RSS=0 run_once "$s" "${SRC[$s]}"
        log "  (discarded) ready after ${R_MS} ms"
    done
done

for ((i = 1; i <= RUNS; i++)); do
    # alternate the order so neither system always runs first
    if (( i % 2 )); then order=(stock dsas); else order=(dsas stock); fi
    for s in "${order[@]}"; do
        log "run $i/$RUNS: $s"
        run_once "$s" "${SRC[$s]}"
        MS[$s,$i]=$R_MS; CPU[$s,$i]=$R_CPU; RSS[$s,$i]=$R_RSS; HWM[$s,$i]=$R_HWM
        log "  ready after ${R_MS} ms (JVM CPU ${R_CPU} ms), RSS $(mib "$R_RSS") MiB (peak $(mib "$R_HWM") MiB)"
    done
done

# ---------------------------------------------------------------- report
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A MED_MS MIN_MS MAX_MS MED_CPU MIN_CPU MAX_CPU MED_RSS MIN_RSS MAX_RSS
for s in "${SYSTEMS[@]}"; do
    ms=(); cpu=(); rss=()
    for ((i = 1; i <= RUNS; i++)); do ms+=("${MS[$s,$i]}"); cpu+=("${CPU[$s,$i]}"); rss+=("${RSS[$s,$i]}"); done
    read -r MED_MS[$s] MIN_MS[$s] MAX_MS[$s] < <(stats "${ms[@]}")
    read -r MED_CPU[$s] MIN_CPU[$s] MAX_CPU[$s] < <(stats "${cpu[@]}")
    read -r MED_RSS[$s] MIN_RSS[$s] MAX_RSS[$s] < <(stats "${rss[@]}")
done
R_TIME=$(ratio "${MED_MS[dsas]}" "${MED_MS[stock]}")
R_CPU=$(ratio "${MED_CPU[dsas]}" "${MED_CPU[stock]}")
R_MEM=$(ratio "${MED_RSS[dsas]}" "${MED_RSS[stock]}")

# Human-readable table
{
    echo
    printf '%-6s %4s %14s %14s %14s %14s\n' system run ready_ms cpu_ms rss_MiB peak_MiB
    for ((i = 1; i <= RUNS; i++)); do
        for s in "${SYSTEMS[@]}"; do
            printf '%-6s %4s %14s %14s %14s %14s\n' "$s" "$i" "${MS[$s,$i]}" "${CPU[$s,$i]}" \
                "$(mib "${RSS[$s,$i]}")" "$(mib "${HWM[$s,$i]}")"
        done
    done
    echo
    printf '%-6s %24s %24s %24s\n' system 'ready_ms med [min-max]' 'cpu_ms med [min-max]' 'rss_MiB med [min-max]'
    for s in "${SYSTEMS[@]}"; do
        printf '%-6s %24s %24s %24s\n' "$s" \
            "${MED_MS[$s]} [${MIN_MS[$s]}-${MAX_MS[$s]}]" \
            "${MED_CPU[$s]} [${MIN_CPU[$s]}-${MAX_CPU[$s]}]" \
            "$(mib "${MED_RSS[$s]}") [$(mib "${MIN_RSS[$s]}")-$(mib "${MAX_RSS[$s]}")]"
    done
    printf '\nDSAS/stock (median, lower is better): time %s  CPU %s  RSS %s\n' "$R_TIME" "$R_CPU" "$R_MEM"
    printf 'load average (1/5/15 min) before: %s  after: %s\n\n' "$LOAD_BEFORE" "$LOAD_AFTER"
} >&2

# Markdown snippet (stdout + $OUT)
mkdir -p "$(dirname "$OUT")"
{
    echo "### Startup benchmark $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- Command: \`RUNS=$RUNS SETTLE=$SETTLE WARMUP=$WARMUP EXTRA_JAVA_OPTS='$EXTRA_JAVA_OPTS' $CMDLINE\`"
    echo "- Stock: \`$(basename "$STOCK_TARBALL")\`; DSAS: \`$DSAS_DIR\`"
    echo "- Host: nproc=$(nproc), RAM $(awk '/^MemTotal:/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
    echo "- Java: $(java -version 2>&1 | sed -n 2p)"
    echo "- Ready = \`bin/karaf server\` launch (empty data/) until SSH public-key login as admin runs \`shell:echo ready\` (poll ${POLL}s)."
    echo "- CPU = user+sys CPU time of the JVM (all threads) at ready, from /proc/<pid>/stat; less sensitive than ready time to other load on the host."
    echo "- RSS = VmRSS of the JVM ${SETTLE}s after ready. ${WARMUP} discarded warm-up start(s) per system; runs alternate stock/DSAS."
    echo "- Load average (1/5/15 min) before the measured runs: ${LOAD_BEFORE}; after: ${LOAD_AFTER}."
    echo
    echo "| run | stock ready (ms) | DSAS ready (ms) | stock CPU (ms) | DSAS CPU (ms) | stock RSS (MiB) | DSAS RSS (MiB) |"
    echo "|----:|-----------------:|----------------:|---------------:|--------------:|----------------:|---------------:|"
    for ((i = 1; i <= RUNS; i++)); do
        echo "| $i | ${MS[stock,$i]} | ${MS[dsas,$i]} | ${CPU[stock,$i]} | ${CPU[dsas,$i]} | $(mib "${RSS[stock,$i]}") | $(mib "${RSS[dsas,$i]}") |"
    done
    echo "| **median** | **${MED_MS[stock]}** | **${MED_MS[dsas]}** | **${MED_CPU[stock]}** | **${MED_CPU[dsas]}** | **$(mib "${MED_RSS[stock]}")** | **$(mib "${MED_RSS[dsas]}")** |"
    echo "| min–max | ${MIN_MS[stock]}–${MAX_MS[stock]} | ${MIN_MS[dsas]}–${MAX_MS[dsas]} | ${MIN_CPU[stock]}–${MAX_CPU[stock]} | ${MIN_CPU[dsas]}–${MAX_CPU[dsas]} | $(mib "${MIN_RSS[stock]}")–$(mib "${MAX_RSS[stock]}") | $(mib "${MIN_RSS[dsas]}")–$(mib "${MAX_RSS[dsas]}") |"
    echo
    echo "**DSAS/stock (median, lower is better): time ${R_TIME}, CPU ${R_CPU}, RSS ${R_MEM}**"
} | tee "$OUT"
log "markdown written to $OUT"
