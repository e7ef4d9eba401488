#!/usr/bin/env bash
# Makes data/examples/ns_coarse_32.vti, the coarse field the ParaView example state
# (data/examples/superres_demo_state.py) super-resolves: one held-out Navier-Stokes vorticity field
# of the shipped model's law (nu = 1e-4, forced, statistically steady at t = 25; seed 9200, used by
# no training or evaluation set), solved at 128^2 and restricted to 32^2 by spectral truncation.
#   bash pipelines/make_example_input.sh [BUILD_DIR]     (about a minute on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build"/bin/scorefield datagen ns --resolution 128 --save 32 --trajectories 1 --snapshots 1 --spinup 25 \
  --nu 1e-4 --seed 9200 --out "$work"
pvpython pipelines/h5_field_to_vti.py "$work/ns_32.h5" 0 vorticity data/examples/ns_coarse_32.vti
echo "wrote data/examples/ns_coarse_32.vti"
