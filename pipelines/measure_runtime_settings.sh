#!/usr/bin/env bash
# What each CPU runtime setting of the engine (engine/include/scorefield/cpu_runtime.hpp) is worth,
# side by side in one run: the hot-path micro-benchmarks with the engine's settings, then with
# OpenBLAS's own threads back on, then with glibc's default large-block handling back. Writes the
# table (milliseconds per call and the slowdown of each variant) into docs/benchmarks.md between
# its runtime-settings markers.
# Usage: measure_runtime_settings.sh [THREADS (default 2)] [OUT (default out/runtime-settings)]
#        (under a minute on 2 cores; after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
out=${2:-out/runtime-settings}
mkdir -p "$out"
bench=build/bin/scorefield_bench_micro
filter='spectral_convolution|pointwise_convolution|network_forward/|network_forward_backward|ode_sampler_step'
run() {  # NAME ENV...
  local name=$1
  shift
  env "$@" "$bench" --threads "$threads" --benchmark_min_time=0.5 --benchmark_filter="$filter" \
    --benchmark_format=json > "$out/$name.json" 2> "$out/$name.log"
}
run engine X=1
run blas-threads OPENBLAS_NUM_THREADS="$threads"
run system-malloc SCOREFIELD_SYSTEM_MALLOC=1
/usr/bin/python3 - "$out" "$threads" docs/benchmarks.md << 'PY'
import json, os, sys
out, threads, doc = sys.argv[1], sys.argv[2], sys.argv[3]
def load(name):
    return {b["name"]: b["real_time"] for b in json.load(open("%s/%s.json" % (out, name)))["benchmarks"]}
engine, blas, malloc = load("engine"), load("blas-threads"), load("system-malloc")
rows = ["Measured by `bash pipelines/measure_runtime_settings.sh %s`: `scorefield_bench_micro` three" % threads,
        "times in a row, with the engine's settings, with `OPENBLAS_NUM_THREADS=%s` (OpenBLAS's own" % threads,
        "threads back) and with `SCOREFIELD_SYSTEM_MALLOC=1` (glibc's default handling of large blocks).",
        "",
        "| benchmark (batch 4, %s threads) | engine settings, ms | OpenBLAS threads on, ms | ratio | glibc default malloc, ms | ratio |" % threads,
        "|---|---|---|---|---|---|"]
for name, t in engine.items():
    rows.append("| %s | %.2f | %.2f | %.2f | %.2f | %.2f |" % (name, t, blas[name], blas[name] / t, malloc[name], malloc[name] / t))
section = "\n".join(["<!-- runtime-settings:begin -->", *rows, "<!-- runtime-settings:end -->"])
text = open(doc).read()
begin, end = text.find("<!-- runtime-settings:begin -->"), text.find("<!-- runtime-settings:end -->")
if begin < 0 or end < 0:
    sys.exit("docs file lacks the runtime-settings markers")
text = text[:begin] + section + text[end + len("<!-- runtime-settings:end -->"):]
with open(doc + ".part", "w") as f:
    f.write(text)
os.replace(doc + ".part", doc)
print(section)
PY
