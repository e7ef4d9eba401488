#!/usr/bin/env bash
# The main job: a Navier-Stokes simulation at 64 x 64 on 2 MPI ranks, instrumented with the
# ScoreField Catalyst adaptor; every 200 steps the Catalyst scripts super-resolve its vorticity 4x
# (to 256 x 256) with the shipped model, 4 samples each, and write
#   OUT/superres_*.pvti, OUT/coarse_*.pvti   the extracts (open them in ParaView)
#   OUT/superres_*.png                       coarse | ensemble mean | ensemble std, rendered in situ
#   OUT/spectra.csv                          the spectrum of every super-resolved step
#   OUT/summary.txt, summary.json            statistics and the in-situ cost against the solver's
#   OUT/spectra.png                          the spectra plot
# The initial state is a held-out trajectory (seed 9100; the models trained on other seeds) spun
# up for 25 time units at 256^2 (nu = 1e-4 and dt = 5e-4, the training law; by t = 25 the small
# scales are statistically steady) and restricted to 64^2. Beside the
# in-situ run, the same flow is simulated at 256^2 from the unrestricted state, and the samples
# are judged against it (OUT/fine_comparison.json, .png, and the summary).
# About 2 minutes on 2 cores after the build. Usage: ns_insitu_demo.sh [OUT] (default out/ns-insitu)
#
# Rendering needs an X display on every rank (Debian's ParaView renders through GLX only):
# scripts/with-xvfb.sh starts a private Xvfb that every rank can open. Each piece of in-situ work
# is limited to SCOREFIELD_CATALYST_TIMEOUT seconds (default 300; a super-resolved step takes
# 7-15 s here), so that a hang in a collective stops the run with a message naming the step
# and the script. Shorter runs for tests: SCOREFIELD_END_TIME (default 1.0), SCOREFIELD_EVERY
# (default 200), SCOREFIELD_RANKS (default 2); SCOREFIELD_BUILD is the build folder (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/ns-insitu}
end_time=${SCOREFIELD_END_TIME:-1.0}
ranks=${SCOREFIELD_RANKS:-2}
build=${SCOREFIELD_BUILD:-build}
mkdir -p "$out/initial"
if [[ ! -f $out/initial/ns_64.h5 || ! -f $out/initial/ns_256.h5 ]]; then
  "$build"/bin/scorefield datagen ns --resolution 256 --save 64 --trajectories 1 --snapshots 1 --spinup 25 \
    --dt 0.0005 --nu 0.0001 --threads 2 --seed 9100 --out "$out/initial"
fi
rm -rf "$out"/superres_* "$out"/coarse_* "$out"/spectra.csv "$out"/run.json "$out"/summary.* "$out"/fine_comparison.*
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # CI runs as root
# The samples are conditioned on the simulation's vorticity restricted to 32^2 (SCOREFIELD_CONDITIONING;
# 0 conditions on the 64^2 field itself): the solver's 2/3 dealiasing damps its shells 22-31 within
# one time unit, and a model conditioned on them takes that damping for the flow's small-scale level.
export SCOREFIELD_CONDITIONING=${SCOREFIELD_CONDITIONING:-32}
# The multistep ODE (one network evaluation per step; SCOREFIELD_SAMPLER=ode for Heun's two): on
# held-out 64 -> 256 fields its 16 steps measure a band error of 31% against Heun's 49% at twice
# the cost (docs/results.md, "Multistep sampler"). SCOREFIELD_START_SIGMA=10 SCOREFIELD_STEPS=8
# starts from the noised coarse field at sigma 10 instead of pure noise at 160: 5.4 instead of 7.8
# times the fine simulation's cost, the same coverage and phase statistics per step, a worse
# run-averaged spectrum (docs/results.md, "A start below the top level").
export SCOREFIELD_SAMPLER=${SCOREFIELD_SAMPLER:-ode2m}
export SCOREFIELD_START_SIGMA=${SCOREFIELD_START_SIGMA:-0} SCOREFIELD_STEPS=${SCOREFIELD_STEPS:-16}
export SCOREFIELD_OUTPUT=$out SCOREFIELD_EVERY=${SCOREFIELD_EVERY:-200} SCOREFIELD_FACTOR=4 SCOREFIELD_SAMPLES=4
export SCOREFIELD_PLUGIN=$(cd "$build" && pwd)/lib/paraview-5.11/plugins/ScoreField/ScoreField.so
export SCOREFIELD_MODEL=$PWD/data/models/ns-superres.sfm
export SCOREFIELD_CATALYST_TIMEOUT=${SCOREFIELD_CATALYST_TIMEOUT:-300}
bash scripts/with-xvfb.sh mpirun -np "$ranks" "$build"/bin/scorefield_ns_insitu \
  --initial "$out/initial/ns_64.h5" --end-time "$end_time" \
  --script pipelines/catalyst_superres_extracts.py \
  --script pipelines/catalyst_superres_statistics.py \
  --script pipelines/catalyst_superres_images.py \
  --summary "$out/run.json" 2>&1 | grep -v "script may not depend on simulation data"
# Beside it, the fine simulation of the same flow: 256^2 from the state whose restriction started
# the coarse run, with a snapshot at every super-resolved step (and their restrictions to 64^2,
# against which the coarse run's own drift is measured), timed for the cost ratio.
read -r interval snapshots < <(/usr/bin/python3 -c "import json, sys; r = json.load(open(sys.argv[1])); \
i = r['dt'] * int(sys.argv[2]); print('%.10g' % i, int(round(r['simulated_time'] / i)) + 1)" "$out/run.json" "$SCOREFIELD_EVERY")
rm -rf "$out/fine"
mkdir -p "$out/fine"
start=$(date +%s.%N)
"$build"/bin/scorefield datagen ns --resolution 256 --save 64 --initial "$out/initial/ns_256.h5" --spinup 0 \
  --interval "$interval" --snapshots "$snapshots" --nu 0.0001 --threads 2 --out "$out/fine" 2>&1 | tail -n 2
fine_seconds=$(/usr/bin/python3 -c "import sys, time; print(time.time() - float(sys.argv[1]))" "$start")
pvpython pipelines/compare_insitu_fine.py "$out" "$out/fine/ns_256.h5" "$out/fine/ns_64.h5" "$fine_seconds" \
  "$build/bin/scorefield"
/usr/bin/python3 pipelines/summarize_insitu.py "$out" 64 "$SCOREFIELD_CONDITIONING"
echo "in-situ results in $out/ (summary.txt, superres_*.png, superres_*.pvti, spectra.png)"
