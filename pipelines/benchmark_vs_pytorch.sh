#!/usr/bin/env bash
# ScoreField against the PyTorch reference of the same network, loss and samplers
# (tests/bench/reference_fno.py, Debian's python3-torch), one after the other with the same sizes
# and threads; writes the table into docs/benchmarks.md. The reference runs twice: as usually run,
# and with the engine's CPU runtime settings (scorefield/cpu_runtime.hpp) given through the
# environment, so the table separates what those settings give from what the code gives.
# Installs python3-torch if missing.
# Usage: benchmark_vs_pytorch.sh [THREADS (default 2)]   (about 8 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
threads=${1:-2}
if ! /usr/bin/python3 -c "import torch" 2> /dev/null; then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends python3-torch
fi
bash scripts/build.sh > /dev/null
out=out/benchmarks
mkdir -p "$out"
build/bin/scorefield_bench_e2e --threads "$threads" | tee "$out/cpp.jsonl"
/usr/bin/python3 tests/bench/reference_fno.py --threads "$threads" | tee "$out/python.jsonl"
OPENBLAS_NUM_THREADS=1 MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=1073741824 \
  /usr/bin/python3 tests/bench/reference_fno.py --threads "$threads" | tee "$out/python-same-runtime.jsonl"
/usr/bin/python3 pipelines/benchmark_table.py "$out/cpp.jsonl" "$out/python.jsonl" \
  "$out/python-same-runtime.jsonl" "$threads" docs/benchmarks.md
