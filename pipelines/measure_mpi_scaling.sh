#!/usr/bin/env bash
# Scaling of `train --mpi` and `superres --mpi` on this machine: 1 rank with all cores against
# 2 ranks with half the cores each, the same global batch and the same work, measured side by
# side in one run. Prints a Markdown table (docs/benchmarks.md). Usage:
#   pipelines/measure_mpi_scaling.sh [OUT] [CORES]     (needs a built tree with MPI)
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
out=$(out_dir "${1:-out/mpi-scaling}")
cores=${2:-$(nproc)}
half=$(( cores / 2 > 0 ? cores / 2 : 1 ))
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cd "$out"
[ -f d64.h5 ] || "$cli" datagen grf --resolution 64 --count 256 --seed 1 --out d64.h5 > /dev/null
config() {  # name batch threads
  cat > "$1.toml" <<TOML
[model]
task = "superres"
[network]
width = 24
modes = 12
layers = 4
[training]
data = "d64.h5"
output = "$1.sfm"
steps = 60
batch_size = $2
threads = $3
log_every = 60
checkpoint_every = 0
TOML
}
seconds() { /usr/bin/python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$@"; }
config p1 16 "$cores"
config p2 8 "$half"
t0=$(date +%s.%N); "$cli" train --config p1.toml > /dev/null 2>&1; t1=$(date +%s.%N)
mpirun --oversubscribe -np 2 "$cli" train --mpi --config p2.toml > /dev/null 2>&1; t2=$(date +%s.%N)
train1=$(seconds "$t0" "$t1"); train2=$(seconds "$t1" "$t2")
"$cli" datagen grf --resolution 16 --count 8 --seed 2 --out coarse.h5 > /dev/null
sr=(superres --model p1.sfm --input coarse.h5 --factor 4 --samples 8 --steps 16 --seed 1)
t0=$(date +%s.%N); "$cli" "${sr[@]}" --threads "$cores" --out sr1.h5 > /dev/null 2>&1; t1=$(date +%s.%N)
mpirun --oversubscribe -np 2 "$cli" "${sr[@]}" --mpi --threads "$half" --out sr2.h5 > /dev/null 2>&1
t2=$(date +%s.%N)
sr1=$(seconds "$t0" "$t1"); sr2=$(seconds "$t1" "$t2")
/usr/bin/python3 - "$train1" "$train2" "$sr1" "$sr2" "$cores" "$half" <<'PY'
import sys
t1, t2, s1, s2 = map(float, sys.argv[1:5])
cores, half = sys.argv[5], sys.argv[6]
print("| run | 1 rank x %s threads | 2 ranks x %s threads | speed-up |" % (cores, half))
print("|---|---|---|---|")
print(f"| train, 60 steps, global batch 16 at 64^2 (superres FNO, width 24) | {t1:.1f} s | {t2:.1f} s | {t1 / t2:.2f} |")
print(f"| superres --mpi, 8 fields x 8 samples, 16 -> 64, ODE 16 steps | {s1:.1f} s | {s2:.1f} s | {s1 / s2:.2f} |")
PY
