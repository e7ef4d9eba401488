#!/usr/bin/env bash
# The shipped multi-resolution model judged on 16 independent held-out trajectories of its own law
# (steady regime: seeds 9500-9515, nu = 1e-4, dt = 5e-4, solved at 256^2 and spun up for 25 time
# units; one snapshot each at t = 25, so every field is its own trajectory; seeds used nowhere
# else in the project), at 16 -> 64, 32 -> 128 and 64 -> 256, with the pooled numbers, the
# per-field ones, the calibration and the phase statistics of `scorefield eval`.
# Usage: pipelines/ns_heldout_eval.sh [OUT] [SAMPLER] [STEPS] [START_SIGMA]   (after a build; the
# data take about 35 minutes on 2 cores the first time, each evaluation one to three minutes;
# START_SIGMA is superres --start-sigma, 0 from pure noise)
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
out=$(out_dir "${1:-out/ns-heldout}")
sampler=${2:-ode2m}
steps=${3:-16}
start=${4:-0}
data="$out/steady"
if [[ ! -f "$data/ns_256.h5" ]]; then
  "$cli" datagen ns --resolution 256 --save 128,64,32,16 --trajectories 16 --snapshots 1 --spinup 25 \
    --interval 1 --dt 0.0005 --nu 0.0001 --threads 2 --seed 9500 --out "$data"
fi
suffix="$sampler-$steps$([[ "$start" == 0 ]] || echo "-start-$start")"
table="$out/eval-$suffix.txt"
rm -f "$table.tmp"
for task in "16 64" "32 128" "64 256"; do
  set -- $task
  name="sr_${1}_${2}_${suffix}"
  "$cli" superres --model "$root/data/models/ns-superres.sfm" --input "$data/ns_$1.h5" --factor 4 --samples 4 \
    --sampler "$sampler" --steps "$steps" --start-sigma "$start" --seed 7 --threads 2 --out "$out/$name.h5"
  {
    echo "== $1 -> $2, $sampler $steps steps, start sigma $start (0: the top level), 16 fields x 4 samples"
    "$cli" eval --samples "$out/$name.h5" --reference "$data/ns_$2.h5" --json "$out/$name.json"
  } | tee -a "$table.tmp"
  /usr/bin/python3 "$root/pipelines/plot_increments.py" "$out/$name.json" "$out/$name-increments.png" \
    "$1 -> $2, $sampler $steps steps: 16 held-out fields x 4 samples"
done
mv "$table.tmp" "$table"
echo "table: $table"
