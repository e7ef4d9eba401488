"""Turns the JSON lines of scorefield_bench_e2e (libtorch-cpp) and tests/bench/reference_fno.py
(pytorch-python), measured one after the other on the same machine with the same threads, into the
comparison section of docs/benchmarks.md (between its pytorch-comparison markers). A third file,
the reference run with the engine's CPU runtime settings given through the environment
(single-threaded OpenBLAS, malloc keeping freed blocks), adds a column that separates what those
settings give from what the engine's own code gives.

  /usr/bin/python3 pipelines/benchmark_table.py CPP.jsonl PYTHON.jsonl PYTHON_SAME_RUNTIME.jsonl \
      THREADS docs/benchmarks.md

FLOPs of one ScoreField network forward as implemented (width w = 32, m = 12 modes, 4 layers,
batch 1) at N, multiply-adds x 2: lift 2*5*w N^2; per layer the 1x1 convolution 2 w^2 N^2 and the
spectral convolution's truncated DFTs, w channels each, (x Fy: 2 N^2 2mp, along x: 2 2mp N 2M, and
the same two back) plus the mode mixing 8 mp M w^2 (mp = m kept ky, M = 2m - 1 kept kx);
projection 2*w*2w N^2 + 2*2w N^2; the spectral skip's FFT pair 2 x 2.5 N^2 log2(N^2). Pointwise
activations and the embedding are left out (under 2%). The reference computes a different
algorithm (full FFTs), so for it the table gives the time, not a rate."""
import json
import math
import sys

from doc_section import replace_section


def flops_forward(n, w=32, m=12, layers=4):
    half = (n + 1) // 2
    mp, mn = min(m, half), min(m, half - 1)
    big_m = mp + mn
    dft = 2 * (2 * n * n * 2 * mp + 2 * 2 * mp * n * 2 * big_m) * w
    per_layer = 2 * w * w * n * n + dft + 8 * mp * big_m * w * w
    fft = 2.5 * n * n * math.log2(n * n)
    return 2 * 5 * w * n * n + layers * per_layer + 2 * w * 2 * w * n * n + 2 * 2 * w * n * n + 2 * fft


def load(path):
    return {(r["what"], r["detail"], r["n"]): r for r in map(json.loads, open(path)) if r.get("impl")}


def main():
    cpp, py, same = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3])
    threads, doc = int(sys.argv[4]), sys.argv[5]
    lines = ["| what | N | ScoreField (C++) | PyTorch (Python) | ratio | PyTorch, same runtime settings | ratio |",
             "|---|---|---|---|---|---|---|"]
    for key in sorted(cpp, key=lambda k: (k[0] != "sample", k[0] != "train", k[0], k[1], k[2])):
        what, detail, n = key
        if what not in ("sample", "train") or key not in py:
            continue
        unit = "samples/s" if what == "sample" else "steps/s"
        a, b, c = cpp[key]["per_second"], py[key]["per_second"], same[key]["per_second"]
        label = "%s %s" % (what, detail) if what == "sample" else "training (%s)" % detail
        lines.append("| %s | %d | %.3g %s | %.3g %s | **%.2f** | %.3g %s | %.2f |"
                     % (label, n, a, unit, b, unit, a / b, c, unit, a / c))
    mem = [d[("memory", "peak resident MiB", 0)]["per_second"] for d in (cpp, py, same)]
    lines.append("| peak resident memory (whole run) | | %.0f MiB | %.0f MiB | %.2f | %.0f MiB | %.2f |"
                 % (mem[0], mem[1], mem[0] / mem[1], mem[2], mem[0] / mem[2]))

    # Cost against resolution: least-squares slope of log time on log N.
    scaling = sorted((k[2], r["seconds"]) for k, r in cpp.items() if k[0] == "scaling")
    if len(scaling) < 2:
        sys.exit("the C++ run measured fewer than two resolutions; run without --quick")
    xs, ys = [math.log(n) for n, _ in scaling], [math.log(t) for _, t in scaling]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    nlogn = [math.log(n * n * math.log(n)) for n, _ in scaling]
    mz = sum(nlogn) / len(nlogn)
    ref = sum((x - mx) * (z - mz) for x, z in zip(xs, nlogn)) / sum((x - mx) ** 2 for x in xs)
    scale_lines = ["| N | " + " | ".join(str(n) for n, _ in scaling) + " |",
                   "|---|" + "---|" * len(scaling),
                   "| seconds per sample (ODE, 8 steps) | " + " | ".join("%.3g" % t for _, t in scaling) + " |"]

    peak_c = cpp[("peak", "matmul 2048", 2048)]["per_second"]
    rate_lines = ["| N | ScoreField ms per forward | GFLOP per forward | GFLOP/s | share of the matmul peak | PyTorch ms per forward |",
                  "|---|---|---|---|---|---|"]
    for (what, detail, n), r in sorted(cpp.items(), key=lambda kv: kv[0][2]):
        if what != "forward":
            continue
        f = flops_forward(n) * 4  # batch 4
        rc = f / r["seconds"]
        rate_lines.append("| %d | %.1f | %.3f | %.1f | %.0f%% | %.1f |" % (
            n, 1e3 * r["seconds"], f / 1e9, rc / 1e9, 100 * rc / peak_c, 1e3 * py[(what, detail, n)]["seconds"]))

    section = replace_section(doc, "pytorch-comparison", [
        "Measured by `bash pipelines/benchmark_vs_pytorch.sh %d` (C++ first, then Python twice, same" % threads,
        "machine, %d threads each, network width 32, 12 modes, 4 layers; every sampler 32 network" % threads,
        "evaluations, batch 4; training batch 8 at 64^2; best of repeated runs after a warm-up). The",
        "second Python run is given the engine's CPU runtime settings through the environment",
        "(`OPENBLAS_NUM_THREADS=1`, glibc malloc thresholds 1 GiB; engine/include/scorefield/cpu_runtime.hpp).",
        "",
        *lines,
        "",
        "Cost against resolution (ScoreField, one sample): fitted exponent of time against N: %.2f" % slope,
        "(N^2 log N over the same range fits %.2f)." % ref,
        "",
        *scale_lines,
        "",
        "Arithmetic rate of one network forward (batch 4) against the machine's measured peak: a",
        "2048 x 2048 float matrix product through the same BLAS on all %d threads runs at %.1f GFLOP/s." % (threads, peak_c / 1e9),
        "",
        *rate_lines,
    ])
    print(section)


if __name__ == "__main__":
    main()
