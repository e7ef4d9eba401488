#!/usr/bin/env bash
# Where can the reverse process start below the top noise level? The 64 -> 256 task of the main
# job (shipped ns-superres.sfm, multistep ODE) started at several levels from the noised
# zero-padded coarse field (`--start-sigma`; 0 is the top level, 160, from pure noise), each with
# 16, 8 and 4 steps, on the first FIELDS held-out fields of pipelines/ns_heldout_eval.sh x 4
# samples, seed 7: band error, per-field band error, coverage, flatness and time of each, one run
# after the other on the same cores.
# Usage: pipelines/ns_start_level_sweep.sh [OUT] [FIELDS]   (after pipelines/ns_heldout_eval.sh)
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
out=$(out_dir "${1:-out/ns-start-level}")
fields=${2:-8}
data="$root/out/ns-heldout/steady"
[[ -f "$data/ns_256.h5" ]] || { echo "no held-out set in $data: run pipelines/ns_heldout_eval.sh first" >&2; exit 1; }
/usr/bin/python3 -c "
import h5py, sys
with h5py.File(sys.argv[1], 'r') as f, h5py.File(sys.argv[2] + '.tmp', 'w') as g:
    d = g.create_dataset('fields', data=f['fields'][:int(sys.argv[3])])
    d.attrs['resolution'] = f['fields'].attrs['resolution']
" "$data/ns_256.h5" "$out/truth.h5" "$fields"
mv "$out/truth.h5.tmp" "$out/truth.h5"
table="$out/start-level-sweep.txt"
rm -f "$table.tmp"
for start in 0 10 3 1 0.3; do
  for steps in 16 8 4; do
    name="start_${start}_steps_${steps}"
    begin=$(date +%s.%N)
    "$cli" superres --model "$root/data/models/ns-superres.sfm" --input "$data/ns_64.h5" --count "$fields" --factor 4 \
      --samples 4 --sampler ode2m --steps "$steps" --start-sigma "$start" --seed 7 --threads 2 \
      --out "$out/$name.h5" > /dev/null 2>&1
    end=$(date +%s.%N)
    "$cli" eval --samples "$out/$name.h5" --reference "$out/truth.h5" --json "$out/$name.json" > /dev/null
    /usr/bin/python3 - "$out/$name.json" "$start" "$steps" "$begin" "$end" <<'PY' | tee -a "$table.tmp"
import json, sys
r = json.load(open(sys.argv[1]))["superres"]
print(f"start {sys.argv[2]:>4s} steps {sys.argv[3]:>2s}: band error {100 * r['band_spectrum_error']:6.1f}%  "
      f"per field median {100 * r['per_field']['band_spectrum_error']['median']:6.1f}%  "
      f"worst shell {r['band_shells']['worst_shell_factor']:5.2f}  coverage {100 * r['coverage_2std']:5.1f}%  "
      f"flatness {r['phase_statistics']['samples']['flatness_median']:5.2f} "
      f"(truth {r['phase_statistics']['truth']['flatness_median']:5.2f})  "
      f"spread-skill {r['calibration']['spread_skill_ratio']:4.2f}  time {float(sys.argv[5]) - float(sys.argv[4]):6.1f} s")
PY
  done
done
mv "$table.tmp" "$table"
echo "table: $table"
