#!/usr/bin/env bash
# Unconditional models at resolutions above their training grid: Fashion-MNIST (trained at 32^2)
# at 64, 128, 256; the Gaussian mixture (trained at 32^2) at 32, 64, 128 with its component
# histogram; Navier-Stokes (trained at 64^2) at 64 and 128. Output in OUT (default out/gallery).
# Usage: pipelines/gallery_figures.sh [OUT]     (needs a built tree and out/mixture-data from
# pipelines/train_shipped_models.sh, or makes the mixture data itself)
set -euo pipefail
source "$(dirname "$0")/pipeline_env.sh"
out=$(out_dir "${1:-out/gallery}")
plot="/usr/bin/python3 $root/pipelines/plot_gallery.py"

echo "== Fashion-MNIST at 64, 128, 256"
for n in 64 128 256; do
  "$cli" sample --model "$models/fashion-mnist-32.sfm" --resolution $n --count 4 --sampler ode --steps 32 --seed 5 \
    --out "$out/fm$n.h5" ${SCOREFIELD_THREADS:+--threads "$SCOREFIELD_THREADS"}
done
$plot samples "$out/fashion-mnist.png" "Fashion-MNIST, one model trained at 32x32" --cmap gray_r \
  "64:$out/fm64.h5" "128:$out/fm128.h5" "256:$out/fm256.h5"

echo "== Gaussian mixture at 32, 64, 128 (256 samples each)"
mix_data="$out/mixture-reference.h5"
[ -f "$mix_data" ] || "$cli" datagen grf-mixture --resolution 32 --count 1024 --seed 77 --out "$mix_data"
for n in 32 64 128; do
  "$cli" sample --model "$models/grf-mixture-32.sfm" --resolution $n --count 256 --sampler ode --steps 32 --seed 6 \
    --out "$out/mix$n.h5" ${SCOREFIELD_THREADS:+--threads "$SCOREFIELD_THREADS"}
done
$plot samples "$out/mixture-samples.png" "Gaussian mixture, one model trained at 32x32" \
  "32:$out/mix32.h5" "64:$out/mix64.h5" "128:$out/mix128.h5"
$plot mixture "$out/mixture-components.png" "$mix_data" "samples 32:$out/mix32.h5" "samples 64:$out/mix64.h5" \
  "samples 128:$out/mix128.h5" | tee "$out/mixture-components.txt"

echo "== Navier-Stokes, unconditional, at 64 and 128"
for n in 64 128; do
  "$cli" sample --model "$models/ns-unconditional-64.sfm" --resolution $n --count 4 --sampler ode --steps 32 \
    --seed 8 --out "$out/ns$n.h5" ${SCOREFIELD_THREADS:+--threads "$SCOREFIELD_THREADS"}
done
$plot samples "$out/ns-unconditional.png" "Navier-Stokes vorticity, one model trained at 64x64" \
  "64:$out/ns64.h5" "128:$out/ns128.h5"
echo "Done: figures in $out"
