#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: configures ScoreField against a CUDA-enabled LibTorch (the one
# inside a PyTorch install, found through `python3 -c 'import torch; ...'`, or LIBTORCH_CMAKE_PREFIX),
# builds the engine, the CLI and the tests into build-cuda/ (engine only: no ParaView, Catalyst or
# MPI parts), runs the engine's test suite (its precision tests compare bf16 and tf32 sampling with
# float32's statistics on the GPU), then the end-to-end benchmark on the GPU in fp32, tf32 and bf16
# and on the CPU, and prints a short table of the GPU/CPU ratios and the reduced-precision speed-ups.
# Usage: bash scripts/gpu-check.sh [PYTHON (default python3)]
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-python3}
command -v nvidia-smi > /dev/null || { echo "error: no nvidia-smi: this machine has no NVIDIA driver" >&2; exit 1; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
prefix=${LIBTORCH_CMAKE_PREFIX:-$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)')}
"$python" -c 'import torch; assert torch.cuda.is_available(), "this PyTorch has no CUDA"; print("LibTorch", torch.__version__, "CUDA", torch.version.cuda)'
# .vti files need ParaView's VTK; a GPU machine without it builds without them (HDF5 only).
vtk_io=OFF
[[ -f /usr/include/paraview-5.11/vtkXMLImageDataReader.h ]] && vtk_io=ON
cmake -S . -B build-cuda -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
  -DSCOREFIELD_WITH_PARAVIEW=OFF -DSCOREFIELD_WITH_CATALYST=OFF -DSCOREFIELD_WITH_MPI=OFF \
  -DSCOREFIELD_WITH_VTK_IO=$vtk_io > build-cuda.log
cmake --build build-cuda -j "$(nproc)" >> build-cuda.log
ctest --test-dir build-cuda -L "unit|statistics|cli" --output-on-failure
build-cuda/bin/scorefield_bench_e2e --device cuda | tee build-cuda/bench-cuda.jsonl
for precision in tf32 bf16; do
  build-cuda/bin/scorefield_bench_e2e --device cuda --precision $precision | grep -v '"train"' | tee -a build-cuda/bench-cuda.jsonl
done
build-cuda/bin/scorefield_bench_e2e --device cpu --threads "$(nproc)" | tee build-cuda/bench-cpu.jsonl
"$python" - build-cuda/bench-cuda.jsonl build-cuda/bench-cpu.jsonl <<'PY'
import json, sys
gpu, cpu = ({(r["what"], r["detail"], r["n"]): r for r in map(json.loads, open(p))} for p in sys.argv[1:3])
print("%-28s %6s %14s %14s %8s" % ("what", "N", "GPU /s", "CPU /s", "GPU/CPU"))
for key in gpu:
    if key in cpu and key[0] in ("sample", "train", "forward", "peak"):
        g, c = gpu[key]["per_second"], cpu[key]["per_second"]
        print("%-28s %6d %14.4g %14.4g %8.1f" % (key[0] + " " + key[1], key[2], g, c, g / c))
print("\n%-28s %6s %14s %8s" % ("reduced precision on GPU", "N", "/s", "vs fp32"))
for (what, detail, n), r in gpu.items():
    for p in ("tf32", "bf16"):
        base = (what, detail[: -len(p) - 1], n)
        if detail.endswith(" " + p) and base in gpu:
            print("%-28s %6d %14.4g %8.2f" % (what + " " + detail, n, r["per_second"], r["per_second"] / gpu[base]["per_second"]))
PY
