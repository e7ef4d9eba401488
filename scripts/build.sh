#!/usr/bin/env bash
# Installs dependencies, configures and builds ScoreField into build/ (CMake preset "default").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset default > /dev/null
cmake --build --preset default
