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
/usr/bin/python3 pipelines/runtime_settings_table.py "$out" "$threads" docs/benchmarks.md
