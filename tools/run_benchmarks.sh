#!/usr/bin/env bash
# Runs the benchmarks side by side in one sitting and prints one markdown table:
#   PyTorch (tools/bench_torch.py, each workload at 1 thread and at one per core, the faster counted) vs jgrad (JMH, benchmarks/target/benchmarks.jar) on JDK 17 and JDK 25.
#
# Usage (from anywhere):  tools/run_benchmarks.sh [JMH include regex]
#   SKIP_BUILD=1      use the existing jar instead of building it (mvn -pl benchmarks -am package -Dmaven.test.skip)
#   JGRAD_TARGET=dir  build folder of the jar (default: target, as after `mvn -pl benchmarks -am package`)
#   JAVA17 / JAVA25   the two JVMs (default: `java` on PATH, /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#   JMH_OPTS          JMH settings (default: -wi 10 -i 5 -w 1s -r 1s -f 1), e.g. JMH_OPTS="-wi 10 -i 10 -w 1s -r 1s -f 2".
#                     Ten warm-up seconds because the MLP steps need about eight to settle (C2 compiling the whole
#                     step while both cores are busy): with three, the measured iterations of the 64-256-256-10 step
#                     fell from 1.56 to 0.82 ms one after another.
#   SKIP_TORCH=1 / SKIP_JDK25=1   leave a column out;  SKIP_CSV=1  leave out the 1e6-row CSV load (~1.5 min)
# Raw results (PyTorch text, JMH JSON and logs) are kept in $JGRAD_TARGET/bench-results/ of the benchmarks module.
# Takes 12-15 minutes on 2 cores with the defaults (build included); run it on an otherwise idle machine.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${JGRAD_TARGET:-target}"
JAR="$ROOT/benchmarks/$TARGET/benchmarks.jar"
OUT="$ROOT/benchmarks/$TARGET/bench-results"
JAVA17="${JAVA17:-java}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
PYTHON="${PYTHON:-/usr/bin/python3}"
JMH_OPTS="${JMH_OPTS:--wi 10 -i 5 -w 1s -r 1s -f 1}"
if [[ "${SKIP_CSV:-0}" == 1 ]]; then
  INCLUDE="${1:-dev.jgrad.benchmarks.((Seed|Mlp|Conv|Gemm)Benchmarks?\.|ElementwiseBenchmarks\.(add|mul|relu|exp|log|tanh|sigmoid|gelu|geluTanh|sum|softmax|layerNorm|sumBackward|softmaxBackward|layerNormBackward)\$)}"; TORCH_ARGS="best --no-csv"
else
  INCLUDE="${1:-dev.jgrad.benchmarks.((Seed|Mlp|Conv|Gemm|CsvLoad)Benchmarks?\.|ElementwiseBenchmarks\.(add|mul|relu|exp|log|tanh|sigmoid|gelu|geluTanh|sum|softmax|layerNorm|sumBackward|softmaxBackward|layerNormBackward)\$)}"; TORCH_ARGS="best"
fi

# The load before anything of ours runs (our own build would raise the 1-minute average).
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building $JAR ..." >&2
  # maven.test.skip: the jar needs no test classes, and compiling every module's tests would add a minute.
  (cd "$ROOT" && mvn -q -pl benchmarks -am package -Dmaven.test.skip=true -Djgrad.target="$TARGET") >&2
fi
[[ -f "$JAR" ]] || { echo "run_benchmarks: $JAR not found (build with: mvn -pl benchmarks -am package -DskipTests)" >&2; exit 1; }
# Another JMH run on the machine (it holds /tmp/jmh.lock, a POSIX lock) would distort both: wait for it first.
for _ in $(seq 90); do
  "$PYTHON" -c 'import fcntl, sys
try:
    with open("/tmp/jmh.lock", "a") as f:
        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    sys.exit(1)' && break
  echo "another JMH run holds /tmp/jmh.lock; waiting 10 s ..." >&2
  sleep 10
done
mkdir -p "$OUT"
rm -f "$OUT"/torch.txt "$OUT"/jdk17.json "$OUT"/jdk25.json

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') family $(lscpu | sed -n 's/^CPU family: *//p') model $(lscpu | sed -n 's/^Model: *//p'), $(nproc) vCPU, $(grep -o -m1 -w 'avx512f' /proc/cpuinfo || grep -o -m1 -w 'avx2' /proc/cpuinfo)"
  echo "load average before: $LOAD_START"
  echo "jdk17: $("$JAVA17" -version 2>&1 | head -1)"
  [[ "${SKIP_JDK25:-0}" == 1 ]] || echo "jdk25: $("$JAVA25" -version 2>&1 | head -1)"
  echo "jmh: $JMH_OPTS"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

if [[ "${SKIP_TORCH:-0}" != 1 ]]; then
  echo "running PyTorch (tools/bench_torch.py) ..." >&2
  # shellcheck disable=SC2086 # TORCH_ARGS is a list of arguments
  "$PYTHON" "$ROOT/tools/bench_torch.py" $TORCH_ARGS | tee "$OUT/torch.txt" >&2
fi

run_jmh() {  # $1 = java, $2 = label
  echo "running jgrad on $2 ..." >&2
  # JMH allows one instance per machine (/tmp/jmh.lock): wait for another user's run to end rather than fail.
  local tries=0
  while true; do
    # shellcheck disable=SC2086 # JMH_OPTS is a list of options
    if "$1" -jar "$JAR" "$INCLUDE" $JMH_OPTS -rf json -rff "$OUT/$2.json" > "$OUT/$2.log" 2>&1; then
      break
    fi
    if grep -q 'Unable to acquire the JMH lock' "$OUT/$2.log" && (( ++tries < 90 )); then
      echo "  another JMH run holds /tmp/jmh.lock; waiting 10 s ..." >&2
      sleep 10
      continue
    fi
    echo "run_benchmarks: JMH failed on $2, see $OUT/$2.log" >&2; tail -20 "$OUT/$2.log" >&2; exit 1
  done
  grep -E '^(Benchmark|[A-Za-z]+Benchmarks?\.)' "$OUT/$2.log" >&2 || true
  # The library logs its kernel choice once per JVM; keep one such line per JDK with the results.
  echo "$2 $(grep -m1 -o 'jgrad kernels: .*' "$OUT/$2.log" || echo 'jgrad kernels: (no log line)')" >> "$OUT/machine.txt"
}
run_jmh "$JAVA17" jdk17
[[ "${SKIP_JDK25:-0}" == 1 ]] || run_jmh "$JAVA25" jdk25
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
# Other processes competing for the 2 cores inflate every time and make the ratios meaningless: say so.
if awk -v n="$(nproc)" '/^load average before/ { split($0, f, ": "); split(f[2], l, " "); if (l[1] + 0 > n / 2) bad = 1 }
    END { exit bad ? 0 : 1 }' "$OUT/machine.txt"; then
  echo "WARNING: the machine was busy (1-minute load above half the CPUs before the run); rerun on an idle machine" >> "$OUT/machine.txt"
fi

"$PYTHON" - "$OUT" <<'PY'
import json, os, re, statistics, sys

out = sys.argv[1]

def load_torch():
    """(best per key, {key: {threads: median}}) from bench_torch.py's RESULT and THREADS lines."""
    path = os.path.join(out, "torch.txt")
    res, per_threads = {}, {}
    if os.path.exists(path):
        for line in open(path):
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[0] == "RESULT":
                res[parts[1]] = float(parts[2])
            elif len(parts) == 4 and parts[0] == "THREADS":
                per_threads.setdefault(parts[1], {})[int(parts[2])] = float(parts[3])
    return res, per_threads

# JMH benchmark (method name, params) -> the key bench_torch.py prints.
NAMES = {"seedStep": "seed_step", "seedSgdStep": "seed_sgd_step", "mlpTiny": "mlp_tiny", "mlpMid": "mlp_mid",
         "mlpLarge": "mlp_large", "adamMid": "adam_mid", "lenetStep": "lenet_step", "add": "add_1e6", "mul": "mul_1e6", "relu": "relu_1e6", "exp": "exp_1e6",
         "log": "log_1e6", "tanh": "tanh_1e6", "sigmoid": "sigmoid_1e6", "gelu": "gelu_1e6",
         "sum": "sum_1e6", "softmax": "softmax_1e6", "load": "csv_load_1e6x11", "geluTanh": "gelu_tanh_1e6",
         "layerNorm": "layer_norm_4096x1024", "sumBackward": "sum_bwd_1e6", "softmaxBackward": "softmax_bwd_1e6",
         "layerNormBackward": "layer_norm_bwd_4096x1024"}

def load_jmh(label):
    path = os.path.join(out, label + ".json")
    res = {}
    if not os.path.exists(path):
        return res
    for b in json.load(open(path)):
        method = b["benchmark"].rsplit(".", 1)[1]
        key = "sgemm_" + b["params"]["n"] if method == "sgemm" else NAMES.get(method, method)
        scale = {"us/op": 1.0, "ms/op": 1e3, "s/op": 1e6, "ns/op": 1e-3}[b["primaryMetric"]["scoreUnit"]]
        # Median of the per-iteration means over all forks: the same statistic as bench_torch.py's.
        its = [v for fork in b["primaryMetric"]["rawData"] for v in fork]
        res[key] = statistics.median(its) * scale
    return res

(torch, torch_threads), j17, j25 = load_torch(), load_jmh("jdk17"), load_jmh("jdk25")

ROWS = [  # key, label, target as (kind, value): ("le", µs) for times, ("ge", GFLOP/s) for sgemm
    ("seed_step", "seed step `(x+2)*(x+2)*2` mean backward (3 elements)", ("le", 2.5)),
    ("seed_sgd_step", "seed SGD step `(w*3).sum()` (4 elements)", ("le", 2.5)),
    ("mlp_tiny", "MLP 4-16-16-3 b32 CE + SGD momentum", ("le", 15)),
    ("mlp_mid", "MLP 64-256-256-10 b128 CE + SGD momentum", ("le", 800)),
    ("mlp_large", "MLP 784-512-512-10 b256 CE + SGD momentum", ("le", 11000)),
    ("adam_mid", "Adam step, MLP 64-256-10 b128 CE", ("le", 350)),
    ("lenet_step", "LeNet-style conv step (1-6-16 channels, 28×28, b64) CE + SGD momentum", None),
    ("sgemm_64", "sgemm 64³", None),
    ("sgemm_256", "sgemm 256³", ("ge", 120)),
    ("sgemm_512", "sgemm 512³", None),
    ("sgemm_1024", "sgemm 1024³", ("ge", 150)),
    ("add_1e6", "add, 1e6 elements", None),
    ("mul_1e6", "mul, 1e6 elements", None),
    ("relu_1e6", "relu, 1e6 elements", None),
    ("exp_1e6", "exp, 1e6 elements", None),
    ("log_1e6", "log, 1e6 elements", None),
    ("tanh_1e6", "tanh, 1e6 elements", None),
    ("sigmoid_1e6", "sigmoid, 1e6 elements", None),
    ("gelu_1e6", "gelu (exact, erf), 1e6 elements", None),
    ("gelu_tanh_1e6", "gelu (tanh form), 1e6 elements", None),
    ("sum_1e6", "sum, 1e6 elements", None),
    ("softmax_1e6", "softmax over rows, [1000, 1000]", None),
    ("layer_norm_4096x1024", "layer norm over rows, [4096, 1024], weight and bias", None),
    ("sum_bwd_1e6", "sum, 1e6 elements, forward + backward", None),
    ("softmax_bwd_1e6", "softmax [1000, 1000], forward + backward", None),
    ("layer_norm_bwd_4096x1024", "layer norm [4096, 1024], forward + backward", None),
    ("csv_load_1e6x11", "CSV load 1,000,000 × 11 to tensors", None),
]

def fmt_time(us):
    if us is None:
        return "—"
    if us >= 1e6:
        return f"{us / 1e6:.2f} s"
    if us >= 1e3:
        return f"{us / 1e3:.2f} ms"
    return f"{us:.2f} µs" if us < 100 else f"{us:.0f} µs"

def gflops(key, us):
    n = int(key.split("_")[1])
    return 2 * n ** 3 / (us * 1e-6) / 1e9

def cell(key, us):
    if us is None:
        return "—"
    if key.startswith("sgemm_"):
        return f"{fmt_time(us)} ({gflops(key, us):.0f} GFLOP/s)"
    return fmt_time(us)

def ratio(t, j):
    return "—" if t is None or j is None else f"{t / j:.2f}×"

def target(key, tgt, a, b):
    if tgt is None:
        return "—"
    kind, v = tgt
    text = (f"≤ {v:g} µs" if v < 1000 else f"≤ {v / 1000:g} ms") if kind == "le" else f"≥ {v} GFLOP/s"
    def mark(us):
        if us is None:
            return "—"
        return "✓" if (us <= v if kind == "le" else gflops(key, us) >= v) else "✗"
    return f"{text} ({mark(a)} / {mark(b)})"

print(open(os.path.join(out, "machine.txt")).read().strip().replace("\n", "  \n"))
print()
def per_threads(key):
    counts = torch_threads.get(key)
    return " / ".join(fmt_time(counts[n]) for n in sorted(counts)) if counts else "—"

thread_counts = sorted({n for counts in torch_threads.values() for n in counts})
thread_header = " / ".join(map(str, thread_counts)) if thread_counts else "1"
print(f"| workload | PyTorch 1.13 ({thread_header} threads) | PyTorch best | jgrad JDK 17 | jgrad JDK 25 "
      "| ratio torch best/jgrad (17 / 25) | target (met on JDK 17 / 25) |")
print("|---|---:|---:|---:|---:|---:|---|")
for key, label, tgt in ROWS:
    t, a, b = torch.get(key), j17.get(key), j25.get(key)
    if t is None and a is None and b is None:
        continue
    print(f"| {label} | {per_threads(key)} | {cell(key, t)} | {cell(key, a)} | {cell(key, b)} "
          f"| {ratio(t, a)} / {ratio(t, b)} | {target(key, tgt, a, b)} |")
print()
print("Medians of the timed iterations (JMH: one JVM fork per benchmark with --add-modules=jdk.incubator.vector, "
      "settings above; PyTorch: 5 batches of ~0.25 s after warm-up, at each thread count, the faster counted). "
      "Ratio > 1 means jgrad is faster.")
PY
