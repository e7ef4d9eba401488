#!/usr/bin/env bash
# A Navier-Stokes super-resolution model at every grid the product uses, on held-out trajectories
# solved at 256^2 (seeds 9000-9002, 3 trajectories x 8 snapshots at t = 10, 12.5, ..., 27.5;
# out/ns-data/test-256, made here if missing): 16 -> 64 (24 fields x 8 samples), 32 -> 128
# (8 x 4), 64 -> 256 (4 x 4), 8 -> 64 (8 x 8) and 32 -> 256 (4 x 4), the first fields of the set
# (its first trajectory); with ALL=1 also every task on all 24 fields (OUT/*_all.json, table
# OUT/table_all.txt); probability-flow ODE with 32 Heun steps, or the reverse SDE with
# SAMPLER=sde STEPS=128 (docs/results.md compares them). Reports (scorefield eval JSON), a table
# (OUT/table.txt, superres_table.py) and the spectra figure (OUT/spectra.png) in OUT.
# With STEADY=1 the held-out set is the statistically steady regime instead: the same seeds and
# law, spun up for 25 time units, 8 snapshots at t = 25, 26.25, ..., 33.75 (out/ns-data/test-256s).
# Usage: [ALL=1] [STEADY=1] [SAMPLER=ode|sde STEPS=N] pipelines/ns_multires_eval.sh MODEL.sfm OUT
# (about 5 minutes on 2 cores; 15 more with ALL=1)
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
model=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
out=$(out_dir "$2")
if [ "${STEADY:-0}" = 1 ]; then
  test_data="$root/out/ns-data/test-256s" spinup=25 interval=1.25
else
  test_data="$root/out/ns-data/test-256" spinup=10 interval=2.5
fi
if [ ! -f "$test_data/ns_256.h5" ]; then
  echo "== held-out data: 3 trajectories x 8 snapshots from t = $spinup, nu = 1e-4, solved at 256^2 (seeds 9000-9002)"
  mkdir -p "$test_data"
  "$cli" datagen ns --resolution 256 --save 128,64,32,16,8 --trajectories 3 --snapshots 8 --spinup "$spinup" \
    --interval "$interval" --dt 0.0005 --nu 0.0001 --threads 2 --seed 9000 --out "$test_data"
fi
run() {  # name coarse fine factor count samples seed; a report already in OUT is kept
  local name=$1 m=$2 n=$3 factor=$4 count=$5 samples=$6 seed=$7
  [ -f "$out/$name.json" ] && return
  echo "== $name: $m^2 -> $n^2, $count fields x $samples samples"
  "$cli" superres --model "$model" --input "$test_data/ns_$m.h5" --factor "$factor" --samples "$samples" \
    --count "$count" --sampler "${SAMPLER:-ode}" --steps "${STEPS:-32}" --seed "$seed" --out "$out/$name.h5"
  "$cli" eval --samples "$out/$name.h5" --reference "$test_data/ns_$n.h5" --json "$out/$name.json" > /dev/null
}
run sr4x_64 16 64 4 24 8 1
run sr4x_128 32 128 4 8 4 2
run sr4x_256 64 256 4 4 4 3
run sr8x_64 8 64 8 8 8 4
run sr8x_256 32 256 8 4 4 5
if [ "${ALL:-0}" = 1 ]; then
  run sr4x_128_all 32 128 4 24 4 2
  run sr4x_256_all 64 256 4 24 4 3
  run sr8x_64_all 8 64 8 24 8 4
  run sr8x_256_all 32 256 8 24 4 5
  /usr/bin/python3 "$root/pipelines/superres_table.py" "$out/table_all.txt" \
    "16->64:$out/sr4x_64.json" "32->128:$out/sr4x_128_all.json" "64->256:$out/sr4x_256_all.json" \
    "8->64:$out/sr8x_64_all.json" "32->256:$out/sr8x_256_all.json"
fi
/usr/bin/python3 "$root/pipelines/superres_table.py" "$out/table.txt" \
  "16->64:$out/sr4x_64.json" "32->128:$out/sr4x_128.json" "64->256:$out/sr4x_256.json" \
  "8->64:$out/sr8x_64.json" "32->256:$out/sr8x_256.json"
/usr/bin/python3 "$root/pipelines/plot_superres.py" spectra "$out/spectra.png" "16->64:$out/sr4x_64.json" \
  "32->128:$out/sr4x_128.json" "64->256:$out/sr4x_256.json" "32->256:$out/sr8x_256.json" \
  --title "$(basename "$model") on held-out trajectories"
