# Sourced by the shell pipelines so that each names only what is its own: the repository root,
# the built command-line tool (SCOREFIELD_BUILD picks another build folder than build/), the
# shipped models, and out_dir to make an output folder and print its absolute path (the
# pipelines cd elsewhere, so relative paths given by the user must be resolved first).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cli="$root/${SCOREFIELD_BUILD:-build}/bin/scorefield"
models="$root/data/models"
out_dir() { mkdir -p "$1" && (cd "$1" && pwd); }
