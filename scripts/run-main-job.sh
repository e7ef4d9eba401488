#!/usr/bin/env bash
# The main job: set up, build, then train a small score model on Gaussian random fields and sample
# it at the training resolution and at twice it, writing .vti files and a statistics report to out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
bash pipelines/grf_resolution_demo.sh out/grf-demo
