#!/usr/bin/env bash
# Navier-Stokes super-resolution with the shipped model, small enough for the main job: solve two
# held-out trajectories (seeds the model never saw), super-resolve their 16^2 truncations to 64^2
# (8 samples each), compare with the true 64^2 fields and draw the panels and spectra.
# Usage: pipelines/ns_superres_demo.sh [OUT]     (needs a built tree: scripts/build.sh)
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
out=$(out_dir "${1:-out/ns-demo}")
plot="/usr/bin/python3 $root/pipelines/plot_superres.py"

echo "== held-out Navier-Stokes fields: 2 trajectories x 4 snapshots at t = 12, 17, 22, 27 (nu = 1e-4, 128^2 solve)"
[ -f "$out/data/ns_64.h5" ] || {
  mkdir -p "$out/data"
  "$cli" datagen ns --resolution 128 --save 64,16 --trajectories 2 --snapshots 4 --spinup 12 --interval 5 \
    --nu 0.0001 --threads 2 --seed 9000 --out "$out/data"
}
echo "== super-resolve 16^2 -> 64^2 with data/models/ns-superres-64.sfm (probability-flow ODE, 64 steps)"
"$cli" superres --model "$root/data/models/ns-superres-64.sfm" --input "$out/data/ns_16.h5" --factor 4 \
  --samples 8 --sampler ode --steps 64 --seed 1 --out "$out/superres.h5"
"$cli" eval --samples "$out/superres.h5" --reference "$out/data/ns_64.h5" --json "$out/report.json" |
  tee "$out/report.txt"
$plot panels "$out/panels.png" "4x:$out/superres.h5:$out/data/ns_64.h5"
$plot spectra "$out/spectra.png" "4x:$out/report.json" --title "Navier-Stokes vorticity, held-out fields"
echo "Done: $out/report.txt, $out/panels.png, $out/spectra.png"
