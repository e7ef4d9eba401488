#!/usr/bin/env bash
# Resolution invariance on Gaussian random fields: generate data at 32^2, train, sample at 32^2 and
# 64^2, and compare each with held-out fields of the true law at that resolution.
# Usage: pipelines/grf_resolution_demo.sh OUT_DIR   (needs a built tree: scripts/build.sh)
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
out=$(out_dir "${1:-out/grf-demo}")
mkdir -p "$out"/{data,model,samples}
law=(--alpha 2.5 --tau 8)

echo "== data: 512 training fields at 32^2, held-out references at 32^2 and 64^2"
"$cli" datagen grf "${law[@]}" --resolution 32 --count 512 --seed 1 --out "$out/data/train.h5"
"$cli" datagen grf "${law[@]}" --resolution 32 --count 512 --seed 101 --out "$out/data/reference32.h5"
"$cli" datagen grf "${law[@]}" --resolution 64 --count 256 --seed 102 --out "$out/data/reference64.h5"

echo "== train (data/configs/grf-demo.toml)"
sed -e "s|^data = .*|data = \"$out/data/train.h5\"|" -e "s|^output = .*|output = \"$out/model/grf.sfm\"|" \
  "$root/data/configs/grf-demo.toml" > "$out/model/config.toml"
"$cli" train --config "$out/model/config.toml"

for n in 32 64; do
  echo "== sample 256 fields at ${n}^2 (probability-flow ODE, 32 steps)"
  "$cli" sample --model "$out/model/grf.sfm" --resolution $n --count 256 --sampler ode --steps 32 --seed 7 \
    --out "$out/samples/samples$n.h5"
  "$cli" eval --samples "$out/samples/samples$n.h5" --reference "$out/data/reference$n.h5" \
    --json "$out/report$n.json" | tee "$out/report$n.txt"
done

echo "== a few samples as .vti for ParaView"
"$cli" sample --model "$out/model/grf.sfm" --resolution 64 --count 4 --steps 32 --seed 7 --vti \
  --out "$out/samples/vti64.h5" > /dev/null
"$cli" sample --model "$out/model/grf.sfm" --resolution 32 --count 4 --steps 32 --seed 7 --vti \
  --out "$out/samples/vti32.h5" > /dev/null

echo "== spectra of samples at both resolutions against the truth"
/usr/bin/python3 "$root/pipelines/plot_spectra.py" "$out/spectra.png" "$out/report32.json:model at 32" \
  "$out/report64.json:model at 64" --title "Gaussian random fields: one model trained at 32^2"

if command -v pvpython > /dev/null && command -v Xvfb > /dev/null; then
  echo "== picture of samples at 32^2 and 64^2 (ParaView)"
  SCOREFIELD_XVFB_SCREEN=1280x1024x24 bash "$root/scripts/with-xvfb.sh" pvpython "$root/pipelines/render_samples.py" "$out/samples.png" \
    "$out/samples/vti32_0000.vti" "$out/samples/vti32_0001.vti" "$out/samples/vti64_0000.vti" \
    "$out/samples/vti64_0001.vti"
fi

echo
echo "Done. Model: $out/model/grf.sfm; reports: $out/report32.json, $out/report64.json;"
echo "open $out/samples/vti64_0000.vti in ParaView."
