#!/usr/bin/env bash
# The in-situ cost side by side: the 64^2 mini-app on 2 ranks for 400 steps with the extracts
# script super-resolving 4x every 200 steps (3 super-resolved steps), against `scorefield
# superres` run offline on one of its coarse extracts with the same settings (4 samples, ODE 16
# steps, 64 -> 256). Needs the main job's initial state (out/ns-insitu/initial/ns_64.h5).
# Usage: measure_insitu_overhead.sh [OUT] (default out/insitu-overhead)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/insitu-overhead}
initial=out/ns-insitu/initial/ns_64.h5
[[ -f $initial ]] || { echo "missing $initial: run bash scripts/run-main-job.sh first" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export SCOREFIELD_OUTPUT=$out SCOREFIELD_EVERY=200 SCOREFIELD_FACTOR=4 SCOREFIELD_SAMPLES=4 SCOREFIELD_STEPS=16
export SCOREFIELD_PLUGIN=$PWD/build/lib/paraview-5.11/plugins/ScoreField/ScoreField.so
export SCOREFIELD_MODEL=$PWD/data/models/ns-superres.sfm
mpirun -np 2 build/bin/scorefield_ns_insitu --initial "$initial" --end-time 0.4 \
  --script pipelines/catalyst_superres_extracts.py --summary "$out/run.json" > "$out/insitu.log" 2>&1
pvpython tests/pvti_to_vti.py "$out/coarse_000200.pvti" "$out/coarse.vti" 2> /dev/null
now() { /usr/bin/python3 -c "import time; print(time.time())"; }
start=$(now)
build/bin/scorefield superres --model "$SCOREFIELD_MODEL" --input "$out/coarse.vti" --array vorticity --factor 4 \
  --samples 4 --sampler ode --steps 16 --seed 0 --out "$out/offline.vti" > /dev/null 2>&1
offline=$(/usr/bin/python3 -c "print($(now) - $start)")
/usr/bin/python3 - "$out/run.json" "$offline" <<'PY'
import json, sys
run = json.load(open(sys.argv[1])); offline = float(sys.argv[2])
per_step = run["insitu_seconds"] / 3
print("solver: %.2f s for %d steps (%.3f ms per step)" % (run["solver_seconds"], run["steps"], 1e3 * run["solver_seconds"] / run["steps"]))
print("in situ: %.1f s for 3 super-resolved steps = %.1f s per step (%.0f x the solver's time)" % (run["insitu_seconds"], per_step, run["insitu_fraction_of_solver"]))
print("offline scorefield superres of one coarse field, same settings: %.1f s (process start and model load included)" % offline)
print("in-situ step / offline run: %.2f" % (per_step / offline))
PY
