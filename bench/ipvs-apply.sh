#!/bin/bash
# Benchmark 1: apply S virtual services x R real servers to the kernel's IPVS through our generic netlink
# path (IpvsDataplane: batched, and one request per ack) vs ipvsadm-restore of the same set, in one
# real-kernel guest (qemu TCG, Debian 6.1 kernel), flushed between, alternating, in one guest JVM.
# Usage (root; the real-kernel tier of docs/testing.md): bench/ipvs-apply.sh [services=1000] [servers=10] [runs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
S=${1:-1000}; R=${2:-10}; RUNS=${3:-5}
echo "ipvs-apply: $S services x $R real servers, $RUNS runs, $(date -Is), load $(cut -d' ' -f1-3 /proc/loadavg)"
# one reactor: the modules' own target/classes are used, nothing is installed
mvn -B -q verify -pl bundles/kernel,bundles/lb,bundles/lb-ipvs,itests/kernel -Dtest=None \
    -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=IpvsApplyBenchIT -Ddsas.ipvs.bench="$S,$R,$RUNS"
grep -E '^\[guest\] (run |median)|ipvs-apply guest' \
    itests/kernel/target/failsafe-reports/org.dsas.itests.kernel.IpvsApplyBenchIT-output.txt
