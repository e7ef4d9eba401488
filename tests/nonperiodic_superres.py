#!/usr/bin/env python3
"""Super-resolution of fields that are not periodic, end to end through the command-line tool.

The law: windows of half the period of a Gaussian random field on the torus (energy per mode
(4 pi^2 |k|^2 + 9)^-2, the spectrum of the shipped flows), 33 x 33 points on [0, 1/2]^2 with the boundary points: every field
differs on its opposite sides, as a field between walls does. `scorefield dataset --boundary
mirror` makes the training and held-out sets with their 9-point partners, `scorefield train`
trains a model with model.boundary = "mirror", and `scorefield superres` draws 9 -> 33 samples of
held-out fields. Judged (--check), measured with 800 training steps (docs/results.md, "Non-periodic fields"):
- the ensemble mean's RMS error within 4 cells of the boundary at most 1.5 times the interior's,
  pooled and on every field (measured 1.15, worst field 1.36; bicubic interpolation 1.28; a
  periodic model trained on the same windows, --compare-periodic, 1.60);
- the ensemble mean closer to the truth in L2 than bicubic interpolation of the coarse points
  (measured 4.88% against 5.04%, lower on 5 of the 8 fields: on a Gaussian law bicubic
  interpolation is near the posterior mean, so the margin is small by nature; a model that
  misses the law loses it);
- coverage of the truth by mean +- 2 std >= 80% (a calibrated ensemble of 8 covers about 90%);
- every sample restricts to its coarse field within 5% (the model's restriction, by construction).
Usage: nonperiodic_superres.py CLI WORK [--steps S] [--check] [--compare-periodic]
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
from scipy.interpolate import RectBivariateSpline

EDGE = 4  # cells from the boundary counted as "near the boundary"


def torus_law(count, n, rng, alpha=2.0, tau=3.0):
    """Gaussian fields on the n x n torus with energy per mode (4 pi^2 |k|^2 + tau^2)^-alpha."""
    k = np.fft.fftfreq(n, 1.0 / n)
    k2 = k[:, None] ** 2 + k[None, :] ** 2
    amplitude = (4 * np.pi**2 * k2 + tau**2) ** (-alpha / 2)
    z = np.fft.fft2(rng.standard_normal((count, n, n)))
    u = np.fft.ifft2(z * amplitude).real
    return u / u.std()


def windows(count, seed, points=33):
    """Windows of `points` x `points` grid points, half the period of a 64-point torus."""
    return torus_law(count, 2 * (points - 1), np.random.default_rng(seed))[:, :points, :points].astype(np.float64)


def run(cmd, log):
    with open(log, "a") as f:
        f.write("$ " + " ".join(cmd) + "\n")
        f.flush()
        done = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(cmd)}; see {log}")


def mirror_restrict(x, m):
    """The model's restriction (boundary_extension.hpp): spectral truncation of the even
    extension to 2m - 2 points, Nyquist modes dropped, cropped to the first m x m block."""
    n = x.shape[-1]
    big, small = 2 * n - 2, 2 * m - 2
    e = np.concatenate([x, x[..., 1:-1][..., ::-1]], axis=-1)
    e = np.concatenate([e, e[..., 1:-1, :][..., ::-1, :]], axis=-2)
    spec = np.fft.fft2(e)
    k = np.fft.fftfreq(small, 1.0 / small).astype(int)
    kept = np.where(np.abs(k) < small / 2)[0]
    source = k[kept] % big
    out = np.zeros(x.shape[:-2] + (small, small), dtype=complex)
    out[..., kept[:, None], kept[None, :]] = spec[..., source[:, None], source[None, :]]
    return np.fft.ifft2(out).real[..., :m, :m] * (small * small) / (big * big)


def bicubic(coarse, n):
    m = coarse.shape[-1]
    xc, xf = np.linspace(0, 1, m), np.linspace(0, 1, n)
    return np.stack([RectBivariateSpline(xc, xc, c, kx=3, ky=3)(xf, xf) for c in coarse])


def edge_mask(n):
    i = np.arange(n)
    near = (i < EDGE) | (i > n - 1 - EDGE)
    return near[:, None] | near[None, :]


def relative_l2(a, truth):
    """Per field: ||a - truth|| / ||truth||."""
    axes = (-2, -1)
    return np.sqrt(((a - truth) ** 2).sum(axes) / (truth**2).sum(axes))


def judge(samples, coarse, truth):
    """Near-boundary and interior errors of the ensemble mean, pooled and per field, for either
    kind of model; the L2 against bicubic interpolation, coverage and restriction on top for a
    mirror model (bicubic through the coarse points and the model's restriction need them to
    be points of the closed square)."""
    mean, std = samples.mean(1), samples.std(1, ddof=1)
    err = mean - truth
    near = edge_mask(truth.shape[-1])
    rms = lambda e: float(np.sqrt((e**2).mean()))  # noqa: E731
    edge, interior = rms(err[:, near]), rms(err[:, ~near])
    report = {
        "edge_rms": edge,
        "interior_rms": interior,
        "edge_over_interior": edge / interior,
        "edge_over_interior_per_field": [rms(err[i][near]) / rms(err[i][~near]) for i in range(len(truth))],
    }
    if truth.shape[-1] % 2 == 0:  # the periodic comparison: N = f M, no shared boundary points
        return report
    spline = bicubic(coarse, truth.shape[-1])
    mean_l2, spline_l2 = relative_l2(mean, truth), relative_l2(spline, truth)
    restricted = mirror_restrict(samples, coarse.shape[-1])
    report.update({
        "mean_relative_l2": float(mean_l2.mean()),
        "bicubic_relative_l2": float(spline_l2.mean()),
        "fields_where_mean_beats_bicubic": int((mean_l2 < spline_l2).sum()),
        "bicubic_edge_over_interior": rms((spline - truth)[:, near]) / rms((spline - truth)[:, ~near]),
        "coverage_2std": float((np.abs(err) <= 2 * std).mean()),
        "worst_restriction_error": float(relative_l2(restricted, coarse[:, None]).max()),
    })
    return report


def train_and_sample(cli, work, train, heldout, fine, coarse, steps, boundary, log):
    """Training and held-out sets of the fields [count, N, N] by `scorefield dataset`, a model
    trained on them and 8 samples per held-out field: (samples [count, 8, N, N], coarse, truth)."""
    import h5py

    os.makedirs(work, exist_ok=True)
    flags = ["--boundary", "mirror"] if boundary == "mirror" else []
    sets = {}
    for name, fields in (("train", train), ("heldout", heldout)):
        np.save(os.path.join(work, name + ".npy"), fields)
        sets[name] = os.path.join(work, name)
        run([cli, "dataset", os.path.join(work, name + ".npy"), "--axes", "tyx", *flags, "--save", str(coarse),
             "--out", sets[name]], log)
    model = os.path.join(work, boundary + ".sfm")
    toml = os.path.join(work, boundary + ".toml")
    config(toml, os.path.join(sets["train"], f"train_{fine}.h5"), model, steps, boundary)
    run([cli, "train", "--config", toml], log)
    out = os.path.join(work, "samples.h5")
    held_coarse = os.path.join(sets["heldout"], f"train_{coarse}.h5")
    run([cli, "superres", "--model", model, "--input", held_coarse, "--factor", "4", "--samples", "8",
         "--sampler", "ode", "--steps", "32", "--seed", "5", "--out", out], log)
    with h5py.File(os.path.join(sets["heldout"], f"train_{fine}.h5")) as f:
        truth = f["fields"][:].astype(np.float64)
    with h5py.File(held_coarse) as f:
        coarse_fields = f["fields"][:].astype(np.float64)
    with h5py.File(out) as f:  # [fields x samples, N, N], the samples of each field together
        samples = f["fields"][:].reshape(truth.shape[0], -1, *truth.shape[1:]).astype(np.float64)
    return samples, coarse_fields, truth


def config(path, data, out, steps, boundary):
    with open(path, "w") as f:
        f.write(
            f"""[model]
task = "superres"
boundary = "{boundary}"
[noise]
alpha = 1.5
[levels]
sigma_max = 20.0
sigma_min = 0.01
count = 16
final_denoise = true
[network]
width = 16
modes = 8
layers = 4
[training]
data = "{data}"
output = "{out}"
steps = {steps}
batch_size = 16
learning_rate = 2e-3
warmup_steps = 50
coarse_factors = [4]
seed = 3
threads = 2
checkpoint_every = 0
"""
        )


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cli")
    p.add_argument("work")
    p.add_argument("--steps", type=int, default=1500)
    p.add_argument("--check", action="store_true")
    p.add_argument("--compare-periodic", action="store_true")
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    log = os.path.join(a.work, "log.txt")
    open(log, "w").close()
    train, heldout = windows(512, 1), windows(8, 2)
    report = {"mirror": judge(*train_and_sample(a.cli, a.work, train, heldout, 33, 9, a.steps, "mirror", log))}
    if a.compare_periodic:
        # The same windows less their last row and column (32 x 32, even) as if they were periodic.
        cut = (slice(None), slice(0, 32), slice(0, 32))
        report["periodic"] = judge(*train_and_sample(a.cli, os.path.join(a.work, "periodic"), train[cut],
                                                     heldout[cut], 32, 8, a.steps, "periodic", log))
    with open(os.path.join(a.work, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))
    if a.check:
        r = report["mirror"]
        failures = []
        if not r["edge_over_interior"] <= 1.5:
            failures.append(f"edge error {r['edge_over_interior']:.2f} times the interior's (bound 1.5)")
        worst = max(r["edge_over_interior_per_field"])
        if not worst <= 1.5:
            failures.append(f"edge error {worst:.2f} times the interior's on one field (bound 1.5)")
        if not r["mean_relative_l2"] < r["bicubic_relative_l2"]:
            failures.append(f"mean L2 {r['mean_relative_l2']:.3f} not below bicubic {r['bicubic_relative_l2']:.3f}")
        if not r["coverage_2std"] >= 0.8:
            failures.append(f"coverage {r['coverage_2std']:.3f} < 0.8")
        if not r["worst_restriction_error"] <= 0.05:
            failures.append(f"restriction error {r['worst_restriction_error']:.4f} > 0.05")
        if failures:
            sys.exit("FAILED: " + "; ".join(failures))
        print("all checks passed")


if __name__ == "__main__":
    main()
