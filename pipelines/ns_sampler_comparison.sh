#!/usr/bin/env bash
# The samplers on the same held-out 4x super-resolution task (FIELDS fields x 8 samples), with the
# wall time of each: probability-flow ODE with 16, 32 and 64 Heun steps (31, 63, 127 network
# evaluations), annealed Langevin with 63 steps on each of the model's 16 levels (1008
# evaluations) and the reverse SDE with 1000 steps.
# Usage: pipelines/ns_sampler_comparison.sh [OUT] [FIELDS]   (after pipelines/ns_superres_figures.sh
# has made the held-out data)
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
out=$(out_dir "${1:-out/ns-superres}")
fields=${2:-4}
test_data="$root/out/ns-data/test"
rm -f "$out/sampler-comparison.txt"
for sampler in "ode 16" "ode 32" "ode 64" "langevin 63" "sde 1000"; do
  set -- $sampler
  start=$(date +%s.%N)
  "$cli" superres --model "$root/data/models/ns-superres-64.sfm" --input "$test_data/ns_16.h5" --factor 4 \
    --samples 8 --count "$fields" --sampler "$1" --steps "$2" --seed 1 --out "$out/cmp_$1_$2.h5"
  end=$(date +%s.%N)
  "$cli" eval --samples "$out/cmp_$1_$2.h5" --reference "$test_data/ns_64.h5" --json "$out/cmp_$1_$2.json" > /dev/null
  /usr/bin/python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))['superres']
print(f'{sys.argv[2]:9s} steps {sys.argv[3]:>4s}: band spectrum error {100*r[\"band_spectrum_error\"]:5.1f}%  '
      f'mean rel L2 {100*r[\"mean_relative_l2\"]:5.2f}%  coverage {100*r[\"coverage_2std\"]:5.1f}%  '
      f'time {float(sys.argv[5]) - float(sys.argv[4]):6.1f} s')" "$out/cmp_$1_$2.json" "$1" "$2" "$start" "$end" |
    tee -a "$out/sampler-comparison.txt"
done
