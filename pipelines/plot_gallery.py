#!/usr/bin/python3
"""Sample galleries and the Gaussian-mixture component histogram.

  plot_gallery.py samples OUT.png "TITLE" LABEL:SAMPLES.h5 [...] [--per-row K] [--cmap NAME]
      one row of K samples (default 4) per file, e.g. one model sampled at several resolutions;
  plot_gallery.py mixture OUT.png DATA.h5 LABEL:SAMPLES.h5 [...]
      histogram of the Bayes classifier's log ratio log p1(x) - log p0(x) between the two
      Gaussian components of `datagen grf-mixture` (each fitted to the labelled DATA), on the
      Fourier modes of DATA's grid, for the data (by label) and for each sample file (restricted
      to those modes, whatever its resolution), with the fraction classified into component 1
      and the fraction that falls between the components (a blend of the two); beside it the
      histogram of each field's energy on the upper half of the resolved shells, which each
      component fixes within a few per cent.
Figures are written atomically.
"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from figure_io import read, save_atomically  # noqa: E402


def option(argv, name, default):
    if name in argv:
        i = argv.index(name)
        value = argv[i + 1]
        del argv[i:i + 2]
        return value
    return default


def samples(out, title, specs, per_row, cmap):
    fig, axes = plt.subplots(len(specs), per_row, figsize=(2.4 * per_row, 2.5 * len(specs)), squeeze=False)
    for r, spec in enumerate(specs):
        label, _, path = spec.partition(":")
        fields = read(path)
        lo, hi = np.percentile(fields[:per_row], [0.5, 99.5])
        for c in range(per_row):
            ax = axes[r][c]
            ax.imshow(fields[c], origin="upper", cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
        axes[r][0].set_ylabel(f"{label}\n{fields.shape[-1]}$^2$", fontsize=10)
    fig.suptitle(title)
    fig.tight_layout()
    save_atomically(fig, out)


def restricted_modes(fields, n):
    """Fourier coefficients (normalised by the point count, so resolution-free) of the modes
    |kx|, |ky| < n/2 of each field: the modes an n^2 grid (e.g. the training grid) resolves below
    its Nyquist wavenumber, from a field on that grid or on any finer one."""
    m = fields.shape[-1]
    coef = np.fft.fft2(fields.astype(np.float64)) / (m * m)
    idx = np.r_[0:n // 2, m - n // 2 + 1:m]
    return coef[:, idx][:, :, idx]


def wavenumber_squared(n):
    k = np.r_[0:n // 2, -n // 2 + 1:0]
    return (k[:, None] ** 2 + k[None, :] ** 2).astype(int)


class ComponentLaws:
    """Both components as Gaussian laws on the resolved modes, fitted to the labelled data: the mean
    of the constant mode and a variance per |k|^2 (the laws are isotropic, so modes of equal |k|^2
    share it; with 512 fields each variance is estimated to a few percent)."""

    def __init__(self, data, labels, n):
        self.n = n
        self.k2 = wavenumber_squared(n)
        shells = np.unique(self.k2)
        coef = restricted_modes(data, n)
        self.mean, self.var = [], []
        for c in (0, 1):
            x = coef[labels == c]
            mean = np.zeros((n - 1, n - 1), complex)
            mean[0, 0] = x[:, 0, 0].mean()
            power = np.abs(x - mean) ** 2
            var = np.empty((n - 1, n - 1))
            for s in shells:
                var[self.k2 == s] = power[:, self.k2 == s].mean()
            self.mean.append(mean)
            self.var.append(var)

    def log_ratio(self, fields):
        """log p1(x) - log p0(x) on the resolved modes: > 0 classifies x into component 1. Summing
        the complex-Gaussian term over all modes counts each conjugate pair twice and the (real)
        constant mode as a complex one, i.e. twice the exact log density in both cases, hence the
        0.5."""
        x = restricted_modes(fields, self.n)
        term = [-(np.abs(x - self.mean[c]) ** 2) / self.var[c] - np.log(self.var[c]) for c in (0, 1)]
        return 0.5 * (term[1] - term[0]).reshape(len(fields), -1).sum(axis=1)


def upper_shell_energy(fields, n):
    """log10 of each field's energy on the upper half of the resolved shells, n/4 <= |k| < n/2 of
    an n^2 grid's modes. Each component of the mixture fixes it within a few per cent (the
    components differ most in their small scales), so the data's values form two narrow peaks; a
    sample that blends the components lands between them."""
    k2 = wavenumber_squared(n)
    band = (k2 >= (n // 4) ** 2) & (k2 < (n // 2) ** 2)
    return np.log10((np.abs(restricted_modes(fields, n)[:, band]) ** 2).sum(axis=1))


def mixture(out, data_path, specs):
    data, labels = read(data_path), read(data_path, "labels")
    laws = ComponentLaws(data, labels, data.shape[-1])
    data_llr = laws.log_ratio(data)
    # The Bayes classifier of two Gaussian fields: with ~900 resolved modes the data's log ratios sit
    # hundreds apart, so a sample with a small |log ratio| belongs to neither component (a blend).
    gap = (data_llr[labels == 0].max(), data_llr[labels == 1].min())
    lines = [f"data: {100 * np.mean(labels == 1):.0f}% from component 1 (labels), "
             f"{100 * np.mean(data_llr > 0):.0f}% classified into it, {100 * np.mean(data_llr[labels == 1] > 0):.1f}% "
             f"of component 1 and {100 * np.mean(data_llr[labels == 0] < 0):.1f}% of component 0 classified right; "
             f"log ratios: component 0 up to {gap[0]:.0f}, component 1 from {gap[1]:.0f}"]
    n = data.shape[-1]
    data_energy = upper_shell_energy(data, n)
    energy_ranges = [(data_energy[labels == c].min(), data_energy[labels == c].max()) for c in (0, 1)]
    lim = np.abs(data_llr).max() * 1.5
    bins = np.linspace(-lim, lim, 60)
    e_bins = np.linspace(data_energy.min() - 0.3, data_energy.max() + 0.3, 60)
    fig, (ax, ax_e) = plt.subplots(1, 2, figsize=(12, 4.2))
    for c in (0, 1):
        ax.hist(data_llr[labels == c], bins=bins, alpha=0.35, label=f"data, component {c}")
        ax_e.hist(data_energy[labels == c], bins=e_bins, alpha=0.35, label=f"data, component {c}")
    for spec in specs:
        label, _, path = spec.partition(":")
        fields = read(path)
        llr = laws.log_ratio(fields)
        energy = upper_shell_energy(fields, n)
        frac = np.mean(llr > 0)
        between = np.mean((llr > gap[0]) & (llr < gap[1])) if gap[0] < gap[1] else float("nan")
        inside = np.mean(np.any([(energy >= lo) & (energy <= hi) for lo, hi in energy_ranges], axis=0))
        weights = np.full(len(llr), len(data_llr) / len(llr))
        ax.hist(np.clip(llr, -lim, lim), bins=bins, histtype="step", lw=1.5, weights=weights,
                label=f"{label} ({100 * frac:.0f}% in 1)")
        ax_e.hist(np.clip(energy, e_bins[0], e_bins[-1]), bins=e_bins, histtype="step", lw=1.5, weights=weights,
                  label=f"{label} ({100 * inside:.0f}% in a peak)")
        lines.append(f"{label}: {100 * frac:.0f}% classified into component 1, {100 * between:.0f}% between the "
                     f"components' data ranges (median log ratio {np.median(llr):.0f}); upper-shell energy within "
                     f"a component's data range for {100 * inside:.0f}%")
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_xlabel(f"log p1(x) - log p0(x) on the modes of the {n}$^2$ grid (Bayes classifier)")
    ax.set_ylabel("fields (scaled to the data count)")
    ax.legend(fontsize=7)
    ax.set_title("Gaussian mixture: component of each sample, by resolution")
    ax_e.set_xlabel(f"log10 energy of the shells {n // 4} <= |k| < {n // 2}")
    ax_e.legend(fontsize=7)
    ax_e.set_title("Small-scale energy: two peaks in the data")
    fig.tight_layout()
    save_atomically(fig, out)
    print("; ".join(lines))


def main(argv):
    per_row = int(option(argv, "--per-row", 4))
    cmap = option(argv, "--cmap", "RdBu_r")
    if len(argv) >= 4 and argv[0] == "samples":
        samples(argv[1], argv[2], argv[3:], per_row, cmap)
    elif len(argv) >= 4 and argv[0] == "mixture":
        mixture(argv[1], argv[2], argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
