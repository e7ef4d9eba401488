#!/usr/bin/python3
"""Figures of super-resolution results written by `scorefield superres` and `scorefield eval`.

  plot_superres.py panels OUT.png ROW:SR.h5:TRUTH.h5 [ROW:SR.h5:TRUTH.h5 ...] [--field I]
      one row per result: coarse | spectral interpolation | one sample | ensemble mean |
      ensemble std | truth, for field I (default 0) of each file;
  plot_superres.py observations OUT.png OBS.h5:TRUTH.h5 [--field I]
      observed points | nearest-observation interpolation | one sample | mean | std | truth
      for an output of `scorefield condition`;
  plot_superres.py spectra OUT.png LABEL:REPORT.json [...] [--title TEXT]
      one panel per report (`scorefield eval --json` of a super-resolution output): energy spectra
      of the truth, the samples and both baselines, the coarse Nyquist wavenumber marked.
Figures are written atomically.
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from figure_io import attribute, read, save_atomically  # noqa: E402


def spectral_resize(u, m):
    """Spectral truncation / zero-padding of a periodic field to m x m (Nyquist dropped)."""
    n = u.shape[-1]
    uh = np.fft.fft2(u)
    keep = min((n + 1) // 2, (m + 1) // 2)
    out = np.zeros((m, m), dtype=complex)
    idx_n = list(range(keep)) + list(range(n - keep + 1, n))
    idx_m = list(range(keep)) + list(range(m - keep + 1, m))
    out[np.ix_(idx_m, idx_m)] = uh[np.ix_(idx_n, idx_n)]
    return np.real(np.fft.ifft2(out)) * (m * m) / (n * n)


def panels(out, rows, field):
    fig, axes = plt.subplots(len(rows), 6, figsize=(15, 2.7 * len(rows)), squeeze=False)
    titles = ["coarse", "spectral interpolation", "one sample", "ensemble mean", "ensemble std", "truth"]
    for r, spec in enumerate(rows):
        label, sr_path, truth_path = spec.split(":")
        k = int(attribute(sr_path, "samples_per_field", 1))
        samples, coarse = read(sr_path), read(sr_path, "coarse")
        mean, std, truth = read(sr_path, "mean"), read(sr_path, "std"), read(truth_path)
        n, m = samples.shape[-1], coarse.shape[-1]
        images = [coarse[field], spectral_resize(coarse[field], n), samples[field * k], mean[field], std[field],
                  truth[field]]
        lo, hi = np.percentile(truth[field], [0.5, 99.5])
        for c, (ax, img) in enumerate(zip(axes[r], images)):
            is_std = c == 4
            ax.imshow(img, origin="lower", cmap="magma" if is_std else "RdBu_r",
                      vmin=None if is_std else lo, vmax=None if is_std else hi, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            if r == 0:
                ax.set_title(titles[c], fontsize=10)
        axes[r][0].set_ylabel(f"{label}\n{m}$^2$ → {n}$^2$", fontsize=10)
    fig.tight_layout()
    save_atomically(fig, out)


def nearest_fill(values, mask):
    """Value of the nearest observed point on the torus (the baseline of the observation report)."""
    n = values.shape[-1]
    iy, ix = np.nonzero(mask)
    gy, gx = np.mgrid[0:n, 0:n]
    dy = np.abs(gy[..., None] - iy)
    dx = np.abs(gx[..., None] - ix)
    d = np.minimum(dy, n - dy) ** 2 + np.minimum(dx, n - dx) ** 2
    return values[iy, ix][np.argmin(d, axis=-1)]


def observations(out, spec, field):
    obs_path, truth_path = spec.split(":")
    k = int(attribute(obs_path, "samples_per_field", 1))
    samples, mean, std = read(obs_path), read(obs_path, "mean"), read(obs_path, "std")
    observed, mask, truth = read(obs_path, "observed"), read(obs_path, "mask"), read(truth_path)
    lo, hi = np.percentile(truth[field], [0.5, 99.5])
    fig, axes = plt.subplots(1, 6, figsize=(15, 2.9))
    n = truth.shape[-1]
    iy, ix = np.nonzero(mask[field])
    axes[0].set_facecolor("0.85")
    axes[0].scatter(ix, iy, c=observed[field][iy, ix], cmap="RdBu_r", vmin=lo, vmax=hi, s=6)
    axes[0].set_xlim(-0.5, n - 0.5)
    axes[0].set_ylim(-0.5, n - 0.5)
    axes[0].set_aspect("equal")
    images = [None, nearest_fill(observed[field], mask[field]), samples[field * k], mean[field], std[field],
              truth[field]]
    titles = [f"{100 * mask[field].mean():.0f}% of points observed", "nearest observation", "one sample",
              "ensemble mean", "ensemble std", "truth"]
    for c, ax in enumerate(axes):
        if images[c] is not None:
            is_std = c == 4
            ax.imshow(images[c], origin="lower", cmap="magma" if is_std else "RdBu_r",
                      vmin=None if is_std else lo, vmax=None if is_std else hi, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(titles[c], fontsize=10)
    fig.tight_layout()
    save_atomically(fig, out)


def spectra(out, reports, title):
    fig, axes = plt.subplots(1, len(reports), figsize=(5 * len(reports), 4), squeeze=False)
    for ax, spec in zip(axes[0], reports):
        label, _, path = spec.partition(":")
        with open(path) as f:
            sr = json.load(f)["superres"]
        s = sr["spectrum"]
        k = np.arange(1, len(s["truth"]))
        ax.loglog(k, s["truth"][1:], "k-", lw=2, label="truth")
        ax.loglog(k, s["samples"][1:], "C3--", lw=1.5,
                  label=f"samples (band error {100 * sr['band_spectrum_error']:.0f}%)")
        for key, style, name in (("spectral_zero_padding", "C0:", "spectral interpolation"),
                                 ("bicubic", "C2-.", "bicubic")):
            e = np.asarray(s[key][1:])
            ax.loglog(k[e > 0], e[e > 0], style, label=name)
        ax.axvline(sr["coarse_resolution"] / 2, color="grey", lw=0.8)
        ax.set_ylim(max(1e-12, min(s["truth"][1:]) / 10), None)
        ax.set_title(f"{label}: {sr['coarse_resolution']}$^2$ → {sr['resolution']}$^2$", fontsize=10)
        ax.set_xlabel("wavenumber shell k")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    axes[0][0].set_ylabel("energy E(k)")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    save_atomically(fig, out)


def main(argv):
    if len(argv) < 3 or argv[0] not in ("panels", "spectra", "observations"):
        sys.exit(__doc__)
    field, title = 0, None
    if "--field" in argv:
        i = argv.index("--field")
        field = int(argv[i + 1])
        del argv[i:i + 2]
    if "--title" in argv:
        i = argv.index("--title")
        title = argv[i + 1]
        del argv[i:i + 2]
    if argv[0] == "panels":
        panels(argv[1], argv[2:], field)
    elif argv[0] == "observations":
        observations(argv[1], argv[2], field)
    else:
        spectra(argv[1], argv[2:], title)


if __name__ == "__main__":
    main(sys.argv[1:])
