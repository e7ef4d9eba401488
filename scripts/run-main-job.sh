#!/usr/bin/env bash
# The main job: set up, build, then run the Navier-Stokes simulation with in-situ generative
# super-resolution on 2 MPI ranks (pipelines/ns_insitu_demo.sh): extracts, images, spectra and a
# summary with the in-situ cost in out/ns-insitu/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
bash pipelines/ns_insitu_demo.sh out/ns-insitu
