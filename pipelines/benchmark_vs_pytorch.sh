#!/usr/bin/env bash
# ScoreField against the PyTorch reference of the same network, loss and samplers
# (tests/bench/reference_fno.py, Debian's python3-torch), one after the other with the same sizes
# and threads; writes the table into docs/benchmarks.md. Installs python3-torch if missing.
# Usage: benchmark_vs_pytorch.sh [THREADS (default 2)]   (about 6 minutes on 2 cores)
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
/usr/bin/python3 pipelines/benchmark_table.py "$out/cpp.jsonl" "$out/python.jsonl" "$threads" docs/benchmarks.md
