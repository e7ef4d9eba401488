#!/usr/bin/env bash
# Heun's probability-flow ODE against the multistep one (ode2m) at the same step counts, on the
# 64 -> 256 task of the main job (shipped ns-superres.sfm, 4 held-out fields x 4 samples, seed 3):
# the band error, the phase statistics and the wall time of each, run one after the other on the
# same machine so that the times compare. The held-out fields are the shipped ones of the CTests,
# data/heldout/ns-steady-256 (2 trajectories x 2 snapshots, seed 9200, statistically steady, none
# used in training; data/README.md).
# Usage: pipelines/ns_multistep_comparison.sh [OUT]   (after a build)
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
out=$(out_dir "${1:-out/ns-multistep}")
data="$root/data/heldout/ns-steady-256"
table="$out/multistep-comparison.txt"
rm -f "$table.tmp"
for run in "ode 8" "ode2m 8" "ode 16" "ode2m 16"; do
  set -- $run
  name="cmp_$1_$2"
  start=$(date +%s.%N)
  "$cli" superres --model "$root/data/models/ns-superres.sfm" --input "$data/ns_64.h5" --factor 4 \
    --samples 4 --sampler "$1" --steps "$2" --seed 3 --threads 2 --out "$out/$name.h5"
  end=$(date +%s.%N)
  "$cli" eval --samples "$out/$name.h5" --reference "$data/ns_256.h5" --json "$out/$name.json" > /dev/null
  /usr/bin/python3 - "$out/$name.json" "$1" "$2" "$start" "$end" <<'EOF' | tee -a "$table.tmp"
import json, sys
r = json.load(open(sys.argv[1]))["superres"]
p = r["phase_statistics"]["samples"]
evaluations = int(sys.argv[3]) * (2 if sys.argv[2] == "ode" else 1) - (1 if sys.argv[2] == "ode" else 0)
print(f"{sys.argv[2]:6s} steps {sys.argv[3]:>3s} ({evaluations:3d} evaluations): "
      f"band error {100 * r['band_spectrum_error']:6.1f}%  worst shell {r['band_shells']['worst_shell_factor']:5.2f}  "
      f"flatness {p['flatness_median']:5.2f}  localisation {p['localisation_median']:6.3f}  "
      f"time {float(sys.argv[5]) - float(sys.argv[4]):6.1f} s")
EOF
done
mv "$table.tmp" "$table"
echo "table: $table"
