#!/usr/bin/env bash
# Builds ScoreField with AddressSanitizer + UndefinedBehaviorSanitizer (CMake preset "sanitize":
# clang, engine, CLI, tests and the libFuzzer targets, into build-sanitize/) and runs the given
# CTest labels under it (default: unit|cli|fuzz; CI runs these, the statistics label is in
# docs/reliability.md).
# Usage: bash scripts/run-sanitized-tests.sh [LABEL-REGEX]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
labels=${1:-unit|cli|fuzz}
cmake --preset sanitize > /dev/null
cmake --build --preset sanitize
ctest --preset sanitize -L "$labels"
