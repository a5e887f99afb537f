#!/bin/bash
# Health checks: N checks (default 10,000: 5,000 HTTP_GET + 5,000 TCP_CHECK, delay_loop 1 s; 100 per virtual server) by our engine (CheckRunner:
# CheckEngine + KeepalivedProbeFactory on one event-loop thread, the engine's default; in-memory load balancer) and by keepalived --check, one after the other
# in one real-kernel guest (keepalived's checker needs IPVS), then ours alone on the host over loopback.
# CPU (utime+stime of /proc/PID/stat over the window), VmRSS/VmHWM, and detection of 100 real servers made to
# refuse connections at once (nftables reject with TCP reset). Run by hand (root; the real-kernel tier of
# docs/testing.md), not in CI.
# Usage: bench/checks-vs-keepalived.sh [warmup-s=30] [window-s=60] [victims=100] [checks=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
W=${1:-30}; S=${2:-60}; V=${3:-100}; N=${4:-10000}
echo "checks-vs-keepalived: $N checks, warm-up $W s, window $S s, $V victims, $(date -Is), load $(cut -d' ' -f1-3 /proc/loadavg)"
# one reactor: the modules' own target/classes are used, nothing is installed
mvn -B -q verify -pl bundles/healthcheck,itests/kernel -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=CheckVsKeepalivedBench -Ddsas.check.bench="$W,$S,$V,$N"
grep -E '\[bench\]|check bench guest' \
    itests/kernel/target/failsafe-reports/org.dsas.itests.kernel.CheckVsKeepalivedBench-output.txt
