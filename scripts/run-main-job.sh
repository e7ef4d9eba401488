#!/usr/bin/env bash
# The main job: set up, build, then (1) train a small score model on Gaussian random fields and
# sample it at the training resolution and at twice it, writing .vti files and a statistics report
# to out/grf-demo, and (2) super-resolve held-out Navier-Stokes fields 4x with the shipped model,
# writing the report and figures to out/ns-demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
bash pipelines/grf_resolution_demo.sh out/grf-demo
bash pipelines/ns_superres_demo.sh out/ns-demo
