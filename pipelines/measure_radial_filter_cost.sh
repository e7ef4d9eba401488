#!/usr/bin/env bash
# Training cost of network.radial_filters, side by side: the first STEPS (default 200) steps of
# the NS super-resolution stage-1 configuration (data/configs/ns-superres.toml, 2 threads) without
# and with the radial filters. Prints the wall time of each and their ratio.
# Usage: pipelines/measure_radial_filter_cost.sh [OUT] [STEPS]   (after pipelines/train_shipped_models.sh
# has made out/ns-data/train)
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
out=$(out_dir "${1:-out/radial-cost}")
steps=${2:-200}
declare -A seconds
for variant in plain radial; do
  config="$out/$variant.toml"
  # Absolute data path and a private output; radial_filters added to [network] for "radial".
  sed -e "s#^data = .*#data = \"$root/out/ns-data/train/ns_64.h5\"#" -e "s#^output = .*#output = \"$out/$variant.sfm\"#" \
    "$root/data/configs/ns-superres.toml" > "$config"
  [ "$variant" = radial ] && sed -i 's/^layers = 4$/layers = 4\nradial_filters = true/' "$config"
  rm -f "$out/$variant".sfm*
  start=$(date +%s.%N)
  "$root/build/bin/scorefield" train --config "$config" --stop-after "$steps" > "$out/$variant.log" 2>&1
  seconds[$variant]=$(/usr/bin/python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
  echo "$variant: $steps steps in ${seconds[$variant]} s"
done
/usr/bin/python3 -c "import sys; print(f'radial / plain: {float(sys.argv[2]) / float(sys.argv[1]):.2f}x')" "${seconds[plain]}" "${seconds[radial]}"
