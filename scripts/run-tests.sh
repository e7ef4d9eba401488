#!/usr/bin/env bash
# Sets up, builds and runs the whole CTest suite (unit, statistics, cli, paraview).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --preset default "$@"
