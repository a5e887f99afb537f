#!/usr/bin/env bash
# VRRP failover benchmark: DSAS vs keepalived 2.2.7 as the backup, side by side, same rig, same settings.
#
# Rig (all in network namespaces created here, TEST-NET-1 only, deleted on exit):
#   <p>-sw : the switch, bridge br0 (no IPv6, sends nothing itself)
#   <p>-m  : 192.0.2.1/24  master  = keepalived, priority 150, state MASTER
#   <p>-b  : 192.0.2.2/24  backup under test (keepalived or DSAS), priority 100
#   <p>-s  : 192.0.2.3/24  sniffer (tcpdump) and SSH client for the appliance
#   VIP 192.0.2.100/24, vrid 51, multicast 224.0.0.18, no authentication, preemption on.
#
# For each mode (v2: VRRPv2, advert 1 s; v3: VRRPv3, advert 0.1 s) and each backup kind (keepalived, dsas):
# the backup is started once and kept running; each of ROUNDS rounds
#   1. (re)starts the master keepalived, waits until it holds the VIP and the backup is BACKUP
#      (keepalived: its log's last state line is "Entering BACKUP STATE"; DSAS: `vrrp:list --json` over SSH),
#   2. starts `tcpdump -i eth0 --immediate-mode -U -w round.pcap 'proto 112 or arp'` in s and lets it see a few adverts,
#   3. freezes the master's keepalived (SIGSTOP to its whole process group: parent and VRRP child),
#   4. waits until the backup holds the VIP, then 2 s more, stops tcpdump,
#   5. resumes (SIGCONT) and stops (SIGTERM) the master, which is restarted at the next round and preempts,
#   6. reads the pcap: t_last  = last advert from 192.0.2.1,
#                      t_first = first advert from 192.0.2.2 after t_last,
#                      t_garp  = first gratuitous ARP for the VIP from b's MAC after t_last;
#      failover = t_first - t_last, garp delay = t_garp - t_first.
#      Also: gratuitous ARPs in the burst (within 1 s of t_first), adverts from b in the 2 s after t_first
#      and the largest gap between them (a missed/late advert shows up there).
# Expected failover (RFC 3768/9568 Master_Down_Interval for priority 100): 3 x I + (256-100)/256 x I.
#
# Usage: bench/vrrp-failover.sh [DSAS_ASSEMBLY_DIR]   (default: karaf-assembly/target/assembly, copied, never written)
# Env:   ROUNDS=5  MODES="v2 v3"  KINDS="keepalived dsas"
#        JAVA_HOME (default: /usr/lib/jvm/java-17-openjdk-amd64)  DSAS_START_TIMEOUT=240
#        OUT=/tmp/dsas-vrrp-failover-<timestamp>  (report.md, rounds.csv, per-round pcaps and logs; kept)
#        RESULTS_MD=<file>  if set, the report section is appended to that file (e.g. bench/RESULTS.md)
#        KEEP_WORK=1        keep the work directory (appliance copy, keepalived confs) too
# Needs root, iproute2, keepalived, tcpdump (apt-get install -y tcpdump), openssh-client, JDK 17.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CMDLINE="$(printf '%q ' "$0" "$@")"
CMDLINE="${CMDLINE% }"
ENVLINE="ROUNDS=${ROUNDS:-5}${MODES:+ MODES=\"$MODES\"}${KINDS:+ KINDS=\"$KINDS\"}"

ROUNDS="${ROUNDS:-5}"
MODES="${MODES:-v2 v3}"
KINDS="${KINDS:-keepalived dsas}"
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
DSAS_START_TIMEOUT="${DSAS_START_TIMEOUT:-240}"
DSAS_SRC="${1:-$REPO_ROOT/karaf-assembly/target/assembly}"
STAMP="$(date +%Y%m%d-%H%M%S)"
OUT="${OUT:-/tmp/dsas-vrrp-failover-$STAMP}"
RESULTS_MD="${RESULTS_MD:-}"
KEEP_WORK="${KEEP_WORK:-0}"

VIP=192.0.2.100
VRID=51
IP_M=192.0.2.1
IP_B=192.0.2.2
IP_S=192.0.2.3
PRIO_M=150
PRIO_B=100
SSH_PORT=8101

unset JAVA_OPTS KARAF_HOME KARAF_BASE KARAF_DATA KARAF_ETC KARAF_LOG KARAF_OPTS KARAF_EXEC EXTRA_JAVA_OPTS \
      JAVA_MIN_MEM JAVA_MAX_MEM KARAF_DEBUG DSAS_ROLES

log() { printf '[%s] %s\n' "$(date +%T.%3N)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- checks
[[ $EUID -eq 0 ]] || die "needs root (network namespaces)"
for tool in ip keepalived tcpdump ssh ssh-keygen busybox setsid timeout awk sort pgrep tar; do
    command -v "$tool" >/dev/null || die "missing tool: $tool"
done
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer"
for m in $MODES; do [[ $m == v2 || $m == v3 ]] || die "MODES: v2 and/or v3, not $m"; done
for k in $KINDS; do [[ $k == keepalived || $k == dsas ]] || die "KINDS: keepalived and/or dsas, not $k"; done
if [[ " $KINDS " == *" dsas "* ]]; then
    [[ -x "$DSAS_SRC/bin/karaf" ]] || die "no appliance at $DSAS_SRC (build karaf-assembly first)"
    [[ -x "$JAVA_HOME/bin/java" ]] || die "JAVA_HOME=$JAVA_HOME has no bin/java"
    DSAS_SRC="$(cd "$DSAS_SRC" && pwd)"
fi
KEEPALIVED="$(command -v keepalived)"
TCPDUMP="$(command -v tcpdump)"
KA_VERSION="$("$KEEPALIVED" --version 2>&1 | sed -n 1p)"

# ---------------------------------------------------------------- work area, namespaces, cleanup
WORK="$(mktemp -d -t dsas-vrrp-bench.XXXXXX)"
mkdir -p "$OUT"
P="vfo$$"                      # namespace prefix, unique per run
NS_SW="$P-sw" NS_M="$P-m" NS_B="$P-b" NS_S="$P-s"
ALL_NS=("$NS_M" "$NS_B" "$NS_S" "$NS_SW")
PGIDS=()                       # process groups we started (each started with setsid)

kill_group() {   # kill_group PGID [timeout_s]: CONT+TERM, wait, KILL
    local g="$1" t="${2:-10}" i
    [[ -n "$g" ]] || return 0
    kill -0 -- "-$g" 2>/dev/null || return 0
    kill -CONT -- "-$g" 2>/dev/null || true
    kill -TERM -- "-$g" 2>/dev/null || true
    for ((i = 0; i < t * 10; i++)); do
        kill -0 -- "-$g" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$g" 2>/dev/null || true
    sleep 0.2
}
cleanup() {
    local rc=$? g ns p
    trap - EXIT INT TERM
    set +e
    for g in "${PGIDS[@]}"; do kill_group "$g" 15; done
    for ns in "${ALL_NS[@]}"; do
        ip netns list 2>/dev/null | awk '{print $1}' | grep -x "$ns" >/dev/null || continue
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null; done
    done
    sleep 0.3
    for ns in "${ALL_NS[@]}"; do
        ip netns list 2>/dev/null | awk '{print $1}' | grep -x "$ns" >/dev/null && ip netns del "$ns"
    done
    if [[ "$KEEP_WORK" == 1 ]]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM HUP

start_bg() {   # start_bg LOGFILE NS CMD...  -> sets STARTED_PGID (own session = own process group)
    local logf="$1" ns="$2"
    shift 2
    setsid ip netns exec "$ns" "$@" </dev/null >>"$logf" 2>&1 &
    STARTED_PGID=$!
    PGIDS+=("$STARTED_PGID")
}
in_ns() { local ns="$1"; shift; timeout 20 ip netns exec "$ns" "$@"; }

has_vip() { ip -n "$1" -4 -o addr show dev eth0 | grep " $VIP/" >/dev/null; }
wait_until() {   # wait_until TIMEOUT_S DESCRIPTION CMD...: polls every 50 ms
    local t="$1" what="$2" end
    shift 2
    end=$(($(date +%s%N) + t * 1000000000))
    while (($(date +%s%N) < end)); do
        "$@" && return 0
        sleep 0.05
    done
    log "timeout (${t}s) waiting for: $what"
    return 1
}

log "rig $P: namespaces ${ALL_NS[*]}"
for ns in "${ALL_NS[@]}"; do ip netns add "$ns"; done
ip netns exec "$NS_SW" sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6'
ip -n "$NS_SW" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0
ip -n "$NS_SW" link set br0 up
attach() {   # attach NS NAME ADDR
    local ns="$1" name="$2" addr="$3"
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sh -c 'for f in /proc/sys/net/ipv6/conf/all/accept_dad /proc/sys/net/ipv6/conf/default/accept_dad; do echo 0 > $f; done'
    ip -n "$ns" link add eth0 type veth peer name "$name-eth0" netns "$NS_SW"
    ip -n "$NS_SW" link set "$name-eth0" master br0 up
    ip -n "$ns" addr add "$addr/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" route add 224.0.0.0/4 dev eth0   # multicast out of eth0 (no default route in the rig)
}
attach "$NS_M" m "$IP_M"
attach "$NS_B" b "$IP_B"
attach "$NS_S" s "$IP_S"
MAC_B="$(ip -n "$NS_B" link show eth0 | awk '/link\/ether/ {print $2}')"
wait_until 10 "s reaches b" in_ns "$NS_S" busybox ping -c1 -W1 "$IP_B" >/dev/null 2>&1 || die "rig: no connectivity"

# ---------------------------------------------------------------- mode parameters
mode_version() { [[ $1 == v2 ]] && echo 2 || echo 3; }
mode_interval() { [[ $1 == v2 ]] && echo 1 || echo 0.1; }
fcalc() { awk "BEGIN { printf \"%.6f\", $1 }"; }
expected_s() { fcalc "3 * $1 + (256 - $PRIO_B) / 256 * $1"; }

# ---------------------------------------------------------------- keepalived
write_keepalived_conf() {   # FILE ROUTER_ID STATE PRIORITY VERSION INTERVAL
    {
        echo "global_defs {"
        echo "  router_id $2"
        echo "  vrrp_version $5"
        echo "}"
        echo "vrrp_instance VI_1 {"
        echo "  state $3"
        echo "  interface eth0"
        echo "  virtual_router_id $VRID"
        echo "  priority $4"
        echo "  advert_int $6"
        echo "  virtual_ipaddress {"
        echo "    $VIP/24 dev eth0"
        echo "  }"
        echo "}"
    } >"$1"
}
start_keepalived() {   # DIR NS -> STARTED_PGID
    local d="$1" ns="$2"
    rm -f "$d/keepalived.pid" "$d/vrrp.pid"
    echo "# $(date +%T.%3N) start" >>"$d/keepalived.log"
    start_bg "$d/keepalived.log" "$ns" "$KEEPALIVED" --vrrp --dont-fork --log-console --log-detail --no-syslog \
        --no_bfd -f "$d/keepalived.conf" -p "$d/keepalived.pid" -r "$d/vrrp.pid"
}
ka_last_state() { grep -o 'Entering [A-Z]* STATE' "$1" | tail -1 | awk '{print $2}'; }
ka_is_backup() { [[ "$(ka_last_state "$1")" == BACKUP ]] && ! has_vip "$NS_B"; }

# ---------------------------------------------------------------- DSAS appliance
DSAS_HOME="" DSAS_KEY=""
dsas_ssh() {   # dsas_ssh COMMAND  (from s, public-key login as admin)
    timeout 60 ip netns exec "$NS_S" ssh -F /dev/null -i "$DSAS_KEY" -p "$SSH_PORT" -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null -o GlobalKnownHostsFile=/dev/null -o BatchMode=yes -o IdentitiesOnly=yes \
        -o PreferredAuthentications=publickey -o ConnectTimeout=5 -o LogLevel=ERROR "admin@$IP_B" "$1" 2>&1 \
        | sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g'
}
dsas_is_backup() { ! has_vip "$NS_B" && dsas_ssh 'vrrp:list --json' | grep '"BACKUP"\|"state":"BACKUP"' >/dev/null; }
start_dsas() {   # MODE -> DSAS_PGID
    local mode="$1" v i t0
    v="$(mode_version "$mode")"
    DSAS_HOME="$WORK/dsas-$mode"
    rm -rf "$DSAS_HOME"
    mkdir -p "$DSAS_HOME"
    (cd "$DSAS_SRC" && tar --exclude='./data/*' -cf - .) | (cd "$DSAS_HOME" && tar -xf -)
    mkdir -p "$DSAS_HOME/data"
    sed -i -e "s/^sshPort *=.*/sshPort = $SSH_PORT/" -e "s/^sshHost *=.*/sshHost = $IP_B/" \
        "$DSAS_HOME/etc/org.apache.karaf.shell.cfg"
    DSAS_KEY="$WORK/admin_ecdsa"
    [[ -f "$DSAS_KEY" ]] || ssh-keygen -q -t ecdsa -b 256 -N '' -C "admin@$NS_B" -f "$DSAS_KEY"
    cp "$DSAS_KEY.pub" "$DSAS_HOME/etc/admin.pub"
    echo "BOOT_IMAGE=/vmlinuz quiet" >"$DSAS_HOME/cmdline"
    printf '\ndsas.cmdline = %s\n' "$DSAS_HOME/cmdline" >>"$DSAS_HOME/etc/system.properties"
    {
        echo "interface = eth0"
        echo "vrid = $VRID"
        echo "priority = $PRIO_B"
        echo "version = $v"
        echo "advertInterval = $(mode_interval "$mode")"
        echo "virtualAddresses = $VIP/24"
    } >"$DSAS_HOME/etc/org.dsas.vrrp.instance-VI_1.cfg"
    cp "$DSAS_HOME/etc/org.dsas.vrrp.instance-VI_1.cfg" "$OUT/dsas-$mode-instance-VI_1.cfg"
    log "dsas/$mode: starting the appliance in $NS_B (bin/karaf server, DSAS_ROLES=vrrp)"
    t0=$(date +%s)
    (cd "$DSAS_HOME" && start_bg "$OUT/dsas-$mode-console.log" "$NS_B" env DSAS_ROLES=vrrp JAVA_HOME="$JAVA_HOME" \
        "$DSAS_HOME/bin/karaf" server; echo "$STARTED_PGID" >"$WORK/dsas.pgid")
    DSAS_PGID="$(cat "$WORK/dsas.pgid")"
    PGIDS+=("$DSAS_PGID")
    for ((i = 0; ; i++)); do
        kill -0 "$DSAS_PGID" 2>/dev/null || die "dsas/$mode: appliance exited; see $OUT/dsas-$mode-console.log"
        (($(date +%s) - t0 < DSAS_START_TIMEOUT)) || die "dsas/$mode: not SSH-ready within ${DSAS_START_TIMEOUT}s"
        dsas_ssh 'role:list' | grep base >/dev/null && break
        sleep 1
    done
    log "dsas/$mode: SSH ready after $(($(date +%s) - t0)) s; roles: $(dsas_ssh 'role:list' | tr -s ' \n' ' ' | cut -c1-200)"
}
stop_dsas() {
    [[ -n "${DSAS_PGID:-}" ]] || return 0
    [[ -f "$DSAS_HOME/data/log/karaf.log" ]] && cp "$DSAS_HOME/data/log/karaf.log" "$OUT/dsas-$1-karaf.log"
    kill_group "$DSAS_PGID" 40
    DSAS_PGID=""
}

# ---------------------------------------------------------------- pcap analysis
# Prints: t_last t_first t_garp garps_in_burst b_adverts_2s max_gap_2s  (times absolute, "NA" if missing)
analyse_pcap() {
    "$TCPDUMP" -r "$1" -tt -nn -e 2>/dev/null | awk -v m="$IP_M" -v b="$IP_B" -v vip="$VIP" -v mac="$MAC_B" '
    function vrrp_src(   i) {
        for (i = 1; i + 3 <= NF; i++) if ($(i + 1) == ">" && $(i + 3) ~ /^VRRPv/) return $i
        return ""
    }
    {
        t = $1 + 0
        if ($0 ~ /VRRPv/) {
            src = vrrp_src()
            if (src == m ":" || src == m) { n_m++; tm[n_m] = t }
            else if (src == b ":" || src == b) { n_b++; tb[n_b] = t }
        } else if ($0 ~ /ethertype ARP/ && $2 == mac && index($0, "who-has " vip " ") && index($0, "tell " vip ",")) {
            n_g++; tg[n_g] = t
        }
    }
    END {
        if (n_m == 0) { print "NA NA NA 0 0 NA"; exit }
        tl = tm[n_m]
        tf = "NA"; for (i = 1; i <= n_b; i++) if (tb[i] > tl) { tf = tb[i]; fi = i; break }
        ga = "NA"; for (i = 1; i <= n_g; i++) if (tg[i] > tl) { ga = tg[i]; gi = i; break }
        burst = 0; if (ga != "NA") for (i = gi; i <= n_g; i++) if (tg[i] - ga < 1.0) burst++
        cnt = 0; gap = "NA"
        if (tf != "NA") {
            prev = tf; gap = 0
            for (i = fi; i <= n_b; i++) if (tb[i] - tf <= 2.0) {
                cnt++; if (tb[i] - prev > gap) gap = tb[i] - prev; prev = tb[i]
            }
        }
        printf "%.6f %s %s %d %d %s\n", tl, (tf == "NA" ? "NA" : sprintf("%.6f", tf)), \
            (ga == "NA" ? "NA" : sprintf("%.6f", ga)), burst, cnt, (gap == "NA" ? "NA" : sprintf("%.6f", gap))
    }'
}

# ---------------------------------------------------------------- one round
MASTER_DIR="$WORK/master"
mkdir -p "$MASTER_DIR"
MASTER_PGID=""
stop_master() {
    [[ -n "$MASTER_PGID" ]] || return 0
    kill_group "$MASTER_PGID" 10
    MASTER_PGID=""
    # A SIGKILLed keepalived leaves its VIP behind: never let a stale one linger on m.
    has_vip "$NS_M" && ip -n "$NS_M" addr del "$VIP/24" dev eth0 2>/dev/null || true
}
start_master() {   # MODE
    write_keepalived_conf "$MASTER_DIR/keepalived.conf" "$NS_M" MASTER "$PRIO_M" "$(mode_version "$1")" "$(mode_interval "$1")"
    start_keepalived "$MASTER_DIR" "$NS_M"
    MASTER_PGID="$STARTED_PGID"
}

echo "kind,mode,round,t_last,t_first,t_garp,failover_ms,garp_delay_ms,garps_in_burst,b_adverts_2s,b_max_gap_ms,note" >"$OUT/rounds.csv"

run_round() {   # KIND MODE ROUND BACKUP_CHECK_FN BACKUP_CHECK_ARG
    local kind="$1" mode="$2" r="$3" iv ver tdir tlog tpg took=1 note="" a tl tf tg burst cnt gap fo gd
    iv="$(mode_interval "$mode")"
    ver="$(mode_version "$mode")"
    tdir="$OUT/$kind-$mode-round$r"
    mkdir -p "$tdir"
    [[ -n "$MASTER_PGID" ]] || start_master "$mode"
    wait_until 20 "master m holds the VIP" has_vip "$NS_M" || die "$kind/$mode/$r: master never took the VIP (see $MASTER_DIR/keepalived.log)"
    if [[ $kind == keepalived ]]; then
        wait_until 20 "keepalived backup in BACKUP" ka_is_backup "$BK_DIR/keepalived.log" || die "$kind/$mode/$r: backup not BACKUP"
    else
        wait_until 30 "DSAS backup in BACKUP" dsas_is_backup || {
            dsas_ssh 'vrrp:show VI_1' >&2
            die "$kind/$mode/$r: DSAS not BACKUP"
        }
    fi
    has_vip "$NS_B" && die "$kind/$mode/$r: the backup still holds the VIP"
    sleep 1
    tlog="$tdir/tcpdump.log"
    start_bg "$tlog" "$NS_S" "$TCPDUMP" -i eth0 --immediate-mode -Z root -U -w "$tdir/round.pcap" 'proto 112 or arp'
    tpg="$STARTED_PGID"
    wait_until 10 "tcpdump listening" grep -qs 'listening on' "$tlog" || die "tcpdump did not start: $(cat "$tlog")"
    sleep "$(fcalc "2 * $iv + 0.3")"    # at least two adverts of the master in the capture
    kill -STOP -- "-$MASTER_PGID"
    log "$kind/$mode/$r: master keepalived frozen (SIGSTOP to process group $MASTER_PGID: $(pgrep -g "$MASTER_PGID" | tr '\n' ' '))"
    if ! wait_until "$(awk "BEGIN { printf \"%d\", 3 * $iv + 10 }")" "backup takes the VIP" has_vip "$NS_B"; then
        took=0
        note="no takeover"
    fi
    sleep 2
    kill -INT -- "-$tpg" 2>/dev/null || true
    wait_until 10 "tcpdump exit" eval "! kill -0 -- -$tpg 2>/dev/null" || kill_group "$tpg" 2
    stop_master
    if [[ $kind == dsas ]]; then
        dsas_ssh 'vrrp:show VI_1' >"$tdir/vrrp-show.txt" || true
        if ((took == 0)); then
            log "dsas/$mode/$r: DSAS did not take over; vrrp:show:"
            cat "$tdir/vrrp-show.txt" >&2
            grep -i vrrp "$DSAS_HOME/data/log/karaf.log" | tail -20 >&2 || true
        fi
    fi
    read -r tl tf tg burst cnt gap < <(analyse_pcap "$tdir/round.pcap")
    if [[ $tl == NA || $tf == NA ]]; then
        fo=NA
        note="${note:+$note; }no advert from ${tl/NA/m}${tf/NA/b} in capture"
    else
        fo="$(fcalc "($tf - $tl) * 1000")"
    fi
    if [[ $tg == NA || $tf == NA ]]; then gd=NA; note="${note:+$note; }no gratuitous ARP"; else gd="$(fcalc "($tg - $tf) * 1000")"; fi
    [[ $gap == NA ]] || gap="$(fcalc "$gap * 1000")"
    echo "$kind,$mode,$r,$tl,$tf,$tg,$fo,$gd,$burst,$cnt,$gap,$note" >>"$OUT/rounds.csv"
    log "$kind/$mode/$r: failover ${fo} ms, garp delay ${gd} ms, garps ${burst}, b adverts in 2 s ${cnt} (max gap ${gap} ms) ${note}"
}

# ---------------------------------------------------------------- main loop
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
log "output: $OUT   machine: $(nproc) cores, kernel $(uname -r), $KA_VERSION"
for mode in $MODES; do
    for kind in $KINDS; do
        log "=== backup $kind, mode $mode (VRRPv$(mode_version "$mode"), advert $(mode_interval "$mode") s), $ROUNDS rounds ==="
        if [[ $kind == keepalived ]]; then
            BK_DIR="$WORK/backup-$mode"
            mkdir -p "$BK_DIR"
            write_keepalived_conf "$BK_DIR/keepalived.conf" "$NS_B" BACKUP "$PRIO_B" "$(mode_version "$mode")" "$(mode_interval "$mode")"
            start_master "$mode"
            wait_until 20 "master m holds the VIP" has_vip "$NS_M" || die "master never took the VIP"
            start_keepalived "$BK_DIR" "$NS_B"
            BK_PGID="$STARTED_PGID"
            wait_until 20 "keepalived backup says Entering BACKUP STATE" grep -q 'Entering BACKUP STATE' "$BK_DIR/keepalived.log" \
                || die "keepalived backup never entered BACKUP: $(tail -20 "$BK_DIR/keepalived.log")"
        else
            start_master "$mode"
            wait_until 20 "master m holds the VIP" has_vip "$NS_M" || die "master never took the VIP"
            start_dsas "$mode"
        fi
        for ((r = 1; r <= ROUNDS; r++)); do
            run_round "$kind" "$mode" "$r"
        done
        # leave the rig as it was: master back, backup stopped
        if [[ $kind == keepalived ]]; then
            kill_group "$BK_PGID" 10
            cp "$BK_DIR/keepalived.log" "$OUT/keepalived-backup-$mode.log"
            cp "$BK_DIR/keepalived.conf" "$OUT/keepalived-backup-$mode.conf"
        else
            dsas_ssh 'vrrp:show VI_1' >"$OUT/dsas-$mode-vrrp-show-final.txt" || true
            stop_dsas "$mode"
        fi
        has_vip "$NS_B" && ip -n "$NS_B" addr del "$VIP/24" dev eth0 2>/dev/null || true
        cp "$MASTER_DIR/keepalived.conf" "$OUT/keepalived-master-$mode.conf"
        cp "$MASTER_DIR/keepalived.log" "$OUT/keepalived-master-$mode.log" 2>/dev/null || true
        : >"$MASTER_DIR/keepalived.log"
    done
done

# ---------------------------------------------------------------- report
stats() {   # KIND MODE COLUMN -> "median min max n"
    awk -F, -v k="$1" -v m="$2" -v c="$3" 'NR > 1 && $1 == k && $2 == m && $c != "NA" { print $c }' "$OUT/rounds.csv" \
        | sort -g | awk '{ v[NR] = $1 } END {
            if (NR == 0) { print "NA NA NA 0"; exit }
            med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.1f %.1f %.1f %d\n", med, v[1], v[NR], NR }'
}
REPORT="$OUT/report.md"
{
    echo "## VRRP failover (issue 6)"
    echo
    echo "Command: \`$ENVLINE $CMDLINE\` (run $(date -Is))."
    echo "Machine: $(nproc) cores, kernel $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME"), $KA_VERSION," \
        "DSAS backup on $("$JAVA_HOME/bin/java" -version 2>&1 | sed -n 1p | tr -d '"')."
    echo "Load average (1/5/15 min) at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "Rig: network namespaces on one bridge (its own namespace); master m = keepalived 192.0.2.1, priority $PRIO_M;"
    echo "backup b = the system under test 192.0.2.2, priority $PRIO_B (keepalived, or the DSAS appliance with"
    echo "DSAS_ROLES=vrrp and etc/org.dsas.vrrp.instance-VI_1.cfg, other keys default); sniffer s = tcpdump."
    echo "VIP $VIP/24, vrid $VRID, multicast, no auth. Each round the master's keepalived (both processes) is"
    echo "frozen with SIGSTOP; failover = first advert of b - last advert of m, GARP delay = first gratuitous ARP"
    echo "for the VIP from b's MAC - first advert of b (pcap timestamps on s). Expected = 3 x I + (256-100)/256 x I."
    echo
    echo "Per round, failover ms (GARP delay ms):"
    echo
    echo "| backup | mode | rounds |"
    echo "|---|---|---|"
    for mode in $MODES; do for kind in $KINDS; do
        echo "| $kind | $mode | $(awk -F, -v k="$kind" -v m="$mode" 'NR > 1 && $1 == k && $2 == m {
            printf "%s%s (%s)%s", sep, ($7 == "NA" ? "NA" : sprintf("%.1f", $7)), ($8 == "NA" ? "NA" : sprintf("%.1f", $8)), ($12 == "" ? "" : " [" $12 "]"); sep = ", " }' "$OUT/rounds.csv") |"
    done; done
    echo
    echo "| backup | mode | interval | expected ms | failover median ms | min | max | GARP delay median ms | min | max | GARPs/burst | b adverts in 2 s (max gap ms) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for mode in $MODES; do for kind in $KINDS; do
        read -r fmed fmin fmax fn < <(stats "$kind" "$mode" 7)
        read -r gmed gmin gmax gn < <(stats "$kind" "$mode" 8)
        burst="$(awk -F, -v k="$kind" -v m="$mode" 'NR > 1 && $1 == k && $2 == m { s[$9] = 1 } END { for (x in s) o = o (o == "" ? "" : "/") x; print o }' "$OUT/rounds.csv")"
        adv="$(awk -F, -v k="$kind" -v m="$mode" 'NR > 1 && $1 == k && $2 == m { if (min == "" || $10 < min) min = $10; if (max == "" || $10 > max) max = $10; if ($11 != "NA" && $11 + 0 > g) g = $11 + 0 } END { printf "%s-%s (%.0f)", min, max, g }' "$OUT/rounds.csv")"
        echo "| $kind | $mode | $(mode_interval "$mode") s | $(fcalc "$(expected_s "$(mode_interval "$mode")") * 1000" | awk '{printf "%.1f", $1}') | $fmed | $fmin | $fmax | $gmed | $gmin | $gmax | $burst | $adv |"
    done; done
    echo
    for mode in $MODES; do
        read -r dmed _ _ _ < <(stats dsas "$mode" 7)
        read -r kmed _ _ _ < <(stats keepalived "$mode" 7)
        if [[ $dmed != NA && $kmed != NA ]]; then
            echo "- $mode: DSAS/keepalived median failover = $(fcalc "$dmed / $kmed" | awk '{printf "%.3f", $1}')" \
                "($dmed ms vs $kmed ms; expected $(fcalc "$(expected_s "$(mode_interval "$mode")") * 1000" | awk '{printf "%.1f", $1}') ms)"
        fi
    done
} >"$REPORT"
cat "$REPORT"
if [[ -n "$RESULTS_MD" ]]; then
    { echo; cat "$REPORT"; } >>"$RESULTS_MD"
    log "appended to $RESULTS_MD"
fi
log "done: $REPORT, $OUT/rounds.csv, per-round pcaps under $OUT"
