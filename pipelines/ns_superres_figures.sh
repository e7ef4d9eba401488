#!/usr/bin/env bash
# Navier-Stokes super-resolution with the shipped models on held-out trajectories (probability-flow
# ODE, 64 Heun steps = 127 network evaluations, where its error has converged: see
# pipelines/ns_sampler_comparison.sh): 4x and 8x
# (16 -> 64, 8 -> 64), the 16 -> 64 model on 32 -> 128 and 64 -> 256, and 5% point observations;
# reports (JSON, text) and figures in OUT (default out/ns-superres).
# Usage: pipelines/ns_superres_figures.sh [OUT]     (needs a built tree: scripts/build.sh;
# SCOREFIELD_THREADS=K sets the CPU threads of each command)
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
out=$(out_dir "${1:-out/ns-superres}")
test_data="$root/out/ns-data/test"
plot="/usr/bin/python3 $root/pipelines/plot_superres.py"

if [ ! -f "$test_data/ns_256.h5" ]; then
  echo "== held-out data: 3 trajectories x 8 snapshots, nu = 1e-4, solved at 256^2 (seeds 9000-9002)"
  mkdir -p "$test_data"
  "$cli" datagen ns --resolution 256 --save 128,64,32,16,8 --trajectories 3 --snapshots 8 --spinup 10 \
    --interval 2.5 --nu 0.0001 --threads 2 --seed 9000 --out "$test_data"
fi

run() {  # name truth-resolution command...; a result already in OUT is kept (delete it to redo)
  local name=$1 n=$2
  shift 2
  [ -f "$out/$name.json" ] && return
  "$cli" "$@" --out "$out/$name.h5" ${SCOREFIELD_THREADS:+--threads "$SCOREFIELD_THREADS"}
  "$cli" eval --samples "$out/$name.h5" --reference "$test_data/ns_$n.h5" --json "$out/$name.json" |
    tee "$out/$name.txt"
}

sr=(superres --model "$models/ns-superres-64.sfm" --sampler ode --steps 64)
# The held-out set is ordered trajectory by trajectory; the smaller runs (--count) take the first
# fields, i.e. the first trajectory.
echo "== 4x to 64^2: 24 held-out fields x 8 samples; 8x: 8 fields x 8 samples"
run sr4x 64 "${sr[@]}" --input "$test_data/ns_16.h5" --factor 4 --samples 8 --seed 1
run sr8x 64 "${sr[@]}" --input "$test_data/ns_8.h5" --factor 8 --samples 8 --count 8 --seed 1
echo "== the 16 -> 64 model on grids it never saw: 32 -> 128 (8 fields), 64 -> 256 (2 fields)"
run sr4x_128 128 "${sr[@]}" --input "$test_data/ns_32.h5" --factor 4 --samples 4 --count 8 --seed 2
run sr4x_256 256 "${sr[@]}" --input "$test_data/ns_64.h5" --factor 4 --samples 4 --count 2 --seed 3
echo "== 5% of the points of 64^2 fields observed: 8 fields x 8 samples"
run obs5 64 condition --model "$models/ns-observations-64.sfm" --observations "$test_data/ns_64.h5" \
  --fraction 0.05 --mask-seed 3 --samples 8 --count 8 --sampler ode --steps 64 --seed 3

echo "== figures"
$plot panels "$out/ns-superres-panels.png" "4x:$out/sr4x.h5:$test_data/ns_64.h5" "8x:$out/sr8x.h5:$test_data/ns_64.h5"
$plot spectra "$out/ns-superres-spectra.png" "4x:$out/sr4x.json" "8x:$out/sr8x.json" \
  --title "Navier-Stokes vorticity, held-out trajectories"
$plot spectra "$out/ns-resolution-invariance.png" "trained grid:$out/sr4x.json" "2x finer:$out/sr4x_128.json" \
  "4x finer:$out/sr4x_256.json" --title "One model trained on 16 -> 64 pairs"
$plot observations "$out/ns-observations.png" "$out/obs5.h5:$test_data/ns_64.h5"
echo "Done: reports and figures in $out"
