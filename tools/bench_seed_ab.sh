#!/usr/bin/env bash
# Before/after comparison of two benchmark jars, interleaved: each round runs one JMH fork of every selected
# benchmark from each jar, alternating which jar goes first (ABBA...), so that a slow drift of the machine (other
# builds, thermal state) falls on both jars alike. Prints one markdown table: for each benchmark, the median of
# every measured iteration of each jar with its distribution-free 99.9% confidence interval (order statistics), and
# the after/before difference of medians with a 99.9% bootstrap interval (10,000 seeded resamples), and in how
# many rounds the after jar's median was the lower one (a sign test that a drift of the load cannot fake).
#
# Usage:  tools/bench_seed_ab.sh BEFORE_JAR AFTER_JAR OUTDIR
#   BEFORE_JAR / AFTER_JAR  benchmark jars (mvn -pl benchmarks -am package -Dmaven.test.skip=true
#                           -Djgrad.target=target-before, then the same with target-after after the change)
#   OUTDIR                  where the JMH JSON files, logs and the load averages go (created)
# Environment:
#   BENCH      JMH include regex (default: the seed step and the seed SGD step of SeedBenchmarks)
#   ROUNDS     interleaved rounds, one fork per jar each (default 5)
#   JMH_OPTS   JMH settings of one round (default: -f 1 -wi 10 -i 10 -w 1s -r 2s); add
#              "-jvmArgsPrepend -Djgrad.kernels=java" for the plain-Java kernels (-jvmArgsAppend would replace the
#              benchmarks' own --add-modules=jdk.incubator.vector)
#   JAVA       the JVM (default: java on PATH)
#   PYTHON     the interpreter for the table (default: /usr/bin/python3)
# With the defaults: 2 jars x 5 rounds x 2 benchmarks x 30 s = 10 minutes; run it on an otherwise idle machine
# (the load average before each fork is kept in OUTDIR/loadavg.txt and summarised under the table).
set -euo pipefail

[[ $# -eq 3 ]] || { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
BEFORE="$1"
AFTER="$2"
OUT="$3"
for jar in "$BEFORE" "$AFTER"; do
  [[ -f "$jar" ]] || { echo "bench_seed_ab: $jar not found" >&2; exit 1; }
done
BENCH="${BENCH:-dev.jgrad.benchmarks.SeedBenchmarks.(seedStep|seedSgdStep)\$}"
ROUNDS="${ROUNDS:-5}"
JMH_OPTS="${JMH_OPTS:--f 1 -wi 10 -i 10 -w 1s -r 2s}"
JAVA="${JAVA:-java}"
PYTHON="${PYTHON:-/usr/bin/python3}"
mkdir -p "$OUT"
: > "$OUT/loadavg.txt"

run() {   # run LABEL JAR ROUND
  local json="$OUT/$1-r$3.json"
  echo "$1 round $3: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/loadavg.txt" >&2
  # shellcheck disable=SC2086  # JMH_OPTS is a list of options
  "$JAVA" -jar "$2" "$BENCH" $JMH_OPTS -rf json -rff "$json" > "$OUT/$1-r$3.log" 2>&1 \
    || { echo "bench_seed_ab: the $1 jar failed in round $3, see $OUT/$1-r$3.log" >&2; exit 1; }
}

for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2 == 1)); then
    run before "$BEFORE" "$r"
    run after "$AFTER" "$r"
  else
    run after "$AFTER" "$r"
    run before "$BEFORE" "$r"
  fi
done

"$PYTHON" - "$OUT" "$ROUNDS" "$JMH_OPTS" <<'PY'
import glob, json, math, os, random, statistics, sys

out, rounds, opts = sys.argv[1], sys.argv[2], sys.argv[3]

def samples(label):
    """Every measured iteration of every fork of the jar, per benchmark (and JMH parameters), and each round's
    median."""
    got, unit, rounds = {}, {}, {}
    for path in sorted(glob.glob(os.path.join(out, label + "-r*.json"))):
        r = int(path.rsplit("-r", 1)[1].split(".")[0])
        with open(path) as f:
            for b in json.load(f):
                name = b["benchmark"].rsplit(".", 2)[-2] + "." + b["benchmark"].rsplit(".", 1)[-1]
                if b.get("params"):
                    name += " " + ",".join(f"{k}={v}" for k, v in sorted(b["params"].items()))
                for fork in b["primaryMetric"]["rawData"]:
                    got.setdefault(name, []).extend(fork)
                unit[name] = b["primaryMetric"]["scoreUnit"]
                rounds[name, r] = statistics.median(x for fork in b["primaryMetric"]["rawData"] for x in fork)
    return got, unit, rounds

def median_ci(xs, level=0.999):
    """The median and the order-statistic interval that covers it with probability >= level (binomial)."""
    xs = sorted(xs)
    n = len(xs)
    med = statistics.median(xs)
    cdf, acc = [], 0.0
    for k in range(n + 1):
        acc += math.comb(n, k) / 2 ** n
        cdf.append(acc)
    lo = None
    for j in range(n // 2, -1, -1):   # widen [x_(j), x_(n-1-j)] until it covers the median often enough
        cover = cdf[n - 1 - j] - cdf[j]   # P(j < B <= n-1-j), B ~ Bin(n, 1/2) below the median
        if cover >= level:
            lo = j
            break
    if lo is None:
        return med, float("nan"), float("nan")
    return med, xs[lo], xs[n - 1 - lo]

def diff_ci(a, b, level=0.999, resamples=10_000):
    """Bootstrap interval of median(b) - median(a), seeded."""
    rnd = random.Random(42)
    d = sorted(statistics.median(rnd.choices(b, k=len(b))) - statistics.median(rnd.choices(a, k=len(a)))
               for _ in range(resamples))
    tail = (1 - level) / 2
    return d[int(tail * resamples)], d[min(resamples - 1, int((1 - tail) * resamples))]

def show(m):
    med, lo, hi = m
    return f"{med:.4f} [{lo:.4f}, {hi:.4f}]" if not math.isnan(lo) else f"{med:.4f} [too few iterations]"

before, unit, before_rounds = samples("before")
after, _, after_rounds = samples("after")
print(f"Interleaved A/B, {rounds} rounds of `{opts}` per jar; medians of all measured iterations, "
      "99.9% intervals in brackets.\n")
print("| benchmark | unit | n | before | after | after - before | after/before | after faster |")
print("|---|---|---|---|---|---|---|---|")
for name in sorted(set(before) | set(after)):
    a, b = before.get(name, []), after.get(name, [])
    if not a or not b:
        print(f"| {name} | | | {'missing' if not a else ''} | {'missing' if not b else ''} | | | |")
        continue
    ma, mb = median_ci(a), median_ci(b)
    dl, dh = diff_ci(a, b)
    paired = [(before_rounds[k], after_rounds[k]) for k in before_rounds if k[0] == name and k in after_rounds]
    faster = sum(1 for x, y in paired if y < x)
    print(f"| {name} | {unit[name]} | {len(a)}/{len(b)} | {show(ma)} | {show(mb)} | "
          f"{mb[0] - ma[0]:+.4f} [{dl:+.4f}, {dh:+.4f}] | {mb[0] / ma[0]:.4f} | {faster}/{len(paired)} rounds |")
loads = []
with open(os.path.join(out, "loadavg.txt")) as f:
    for line in f:
        loads.append(float(line.split(":")[1].split()[0]))
if loads:
    print(f"\n1-minute load average before the forks: min {min(loads):.2f}, median {statistics.median(loads):.2f}, "
          f"max {max(loads):.2f} (per fork in {os.path.join(out, 'loadavg.txt')})")
PY
