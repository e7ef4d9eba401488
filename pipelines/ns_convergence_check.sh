#!/usr/bin/env bash
# Is a 256^2 Navier-Stokes solve converged where the training data are judged? One held-out state
# (seed 9300, spun up for 20 time units at 256^2, nu = 1e-4, the training law) is advanced for 2
# time units at 256^2 and, from the same state, at 512^2; the 512^2 solve is restricted to 256^2
# by spectral truncation. compare_ns_convergence.py compares the two per shell at t = 0.5, 1, 1.5, 2
# wherever a shell holds more than 1e-12 of the total energy (acceptance: within 5%), and writes
# OUT/convergence.json, OUT/convergence.txt and OUT/convergence.png.
# About 3 minutes on 2 cores after the build. Usage: ns_convergence_check.sh [OUT] (default out/ns-convergence)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/ns-convergence}
cli=${SCOREFIELD_BUILD:-build}/bin/scorefield
mkdir -p "$out/start" "$out/solve256" "$out/solve512"
common=(--nu 0.0001 --threads 2 --trajectories 1)
"$cli" datagen ns --resolution 256 --save 128 --snapshots 1 --spinup 20 --dt 0.0005 --seed 9300 "${common[@]}" \
  --out "$out/start"
for n in 256 512; do
  start=$(date +%s)
  # One time step for both (the 512^2 solve's automatic one), so that only the grid differs.
  "$cli" datagen ns --resolution "$n" --save $((n / 2)) --snapshots 4 --spinup 0.5 --interval 0.5 --dt 0.00048828125 \
    --initial "$out/start/ns_256.h5" "${common[@]}" --out "$out/solve$n"
  echo "$n^2 solve: $(( $(date +%s) - start )) s"
done
/usr/bin/python3 pipelines/compare_ns_convergence.py "$out" "$out/solve256/ns_256.h5" "$out/solve512/ns_256.h5"
