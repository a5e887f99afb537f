#!/bin/bash
# Benchmark 3 of issue 5: lb:diff for 10,000 virtual services x 10 real servers, 1% of them changed.
# Side by side in one run: DSAS (parse desired state + Reconciler.diff, warm JVM, median of RUNS) vs what an
# ipvsadm/keepalived operator does today to see the same difference: GNU diff of two ipvsadm-save files
# (median of RUNS). Also the DSAS figure end to end from a cold JVM (java start, read, parse, diff).
# Usage: bench/lb-diff.sh   (runs `mvn test-compile -pl bundles/lb` itself; Maven fetches what it lacks)
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES=${SERVICES:-10000}
RUNS=${RUNS:-15}
OUT=bench/out/lb-diff
mkdir -p "$OUT"
mvn -B -q test-compile -pl bundles/lb >/dev/null
CP=bundles/lb/target/classes:bundles/lb/target/test-classes
CP=$CP:$(ls ~/.m2/repository/org/dsas/bundles/org.dsas.core/*/org.dsas.core-*.jar | head -1)
CP=$CP:$(ls ~/.m2/repository/org/dsas/bundles/org.dsas.keepalived.conf/*/org.dsas.keepalived.conf-*.jar | head -1)

# desired: N services in 10.0.0.0/8-ish TEST-NET space rendered as ipvsadm-save; actual: 1% changed weights,
# 0.5% services missing, 0.5% extra servers.
python3 - "$SERVICES" "$OUT" <<'PY'
import sys
n=int(sys.argv[1]); out=sys.argv[2]
d=[];a=[]
for i in range(n):
    vip="198.51.%d.%d:%d"%(100+(i//250)%100, i%250+1, 80+(i//25000))
    d.append("-A -t %s -s wlc"%vip); a.append("-A -t %s -s wlc"%vip if i%200!=7 else "")
    for j in range(10):
        w=1+j%3
        d.append("-a -t %s -r 192.0.2.%d:80 -m -w %d"%(vip,j+1,w))
        if i%200==7: continue
        aw = w+1 if (i%100==3 and j==0) else w
        a.append("-a -t %s -r 192.0.2.%d:80 -m -w %d"%(vip,j+1,aw))
    if i%200==11: a.append("-a -t %s -r 192.0.2.200:80 -m -w 1"%vip)
open(out+"/desired.rules","w").write("\n".join(d)+"\n")
open(out+"/actual.rules","w").write("\n".join(x for x in a if x)+"\n")
PY
# ipvsadm-save prints services sorted; both files here are in the same order, which favours GNU diff.

echo "== DSAS warm (parse + Reconciler.diff)"
java -Xmx512m -cp "$CP" org.dsas.lb.bench.DiffBench "$OUT/desired.rules" "$OUT/actual.rules" "$RUNS" | tee "$OUT/dsas.txt"

echo "== DSAS cold JVM end to end"
cold=()
for i in $(seq 1 5); do
  s=$(date +%s%N); java -Xmx512m -cp "$CP" org.dsas.lb.bench.DiffBench "$OUT/desired.rules" "$OUT/actual.rules" 1 >/dev/null; e=$(date +%s%N)
  cold+=($(( (e-s)/1000000 )))
done
cold_med=$(printf '%s\n' "${cold[@]}" | sort -n | sed -n 3p)
echo "cold runs ms: ${cold[*]} median $cold_med"

echo "== GNU diff of two ipvsadm-save files"
times=()
for i in $(seq 1 "$RUNS"); do
  s=$(date +%s%N); diff "$OUT/actual.rules" "$OUT/desired.rules" > "$OUT/gnu.diff" || true; e=$(date +%s%N)
  times+=($(( (e-s)/1000 )))
done
gnu_med_us=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS+1)/2 ))p")
echo "gnu diff median ${gnu_med_us} us, $(grep -c '^[<>]' "$OUT/gnu.diff") changed lines"

dsas_diff=$(awk '/diff_ms_median/{print $2}' "$OUT/dsas.txt")
dsas_parse=$(awk '/parse_ms_median/{print $2}' "$OUT/dsas.txt")
python3 - "$dsas_diff" "$dsas_parse" "$gnu_med_us" "$cold_med" <<'PY'
import sys
d,p,g,c=float(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3])/1000,float(sys.argv[4])
print("RESULT dsas_diff_ms=%.1f dsas_parse_plus_diff_ms=%.1f gnu_diff_ms=%.1f ratio_diff/gnu=%.2f ratio_(parse+diff)/gnu=%.2f dsas_cold_jvm_ms=%.0f"%(d,p+d,g,d/g,(p+d)/g,c))
PY
