#!/usr/bin/python3
"""Sample galleries and the Gaussian-mixture component histogram.

  plot_gallery.py samples OUT.png "TITLE" LABEL:SAMPLES.h5 [...] [--per-row K] [--cmap NAME]
      one row of K samples (default 4) per file, e.g. one model sampled at several resolutions;
  plot_gallery.py mixture OUT.png DATA.h5 LABEL:SAMPLES.h5 [...]
      histogram of the per-field standard deviation, which separates the two components of
      `datagen grf-mixture`, for the training data (by component label) and for each sample file,
      with the fraction of fields above a threshold halfway, in log, between the
      components' medians in the data (the stronger component's share).
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


def mixture(out, data_path, specs):
    data, labels = read(data_path), read(data_path, "labels")
    data_std = data.reshape(len(data), -1).std(axis=1)
    medians = [np.median(np.log(data_std[labels == c])) for c in (0, 1)]
    threshold = np.exp(0.5 * (medians[0] + medians[1]))
    # "strong": the component with the larger typical amplitude; a field counts as drawn from it
    # when its standard deviation is above the threshold between the two medians.
    strong = 0 if medians[0] > medians[1] else 1
    bins = np.logspace(np.log10(data_std.min() / 2), np.log10(data_std.max() * 2), 40)
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for c in (0, 1):
        ax.hist(data_std[labels == c], bins=bins, alpha=0.35, label=f"data, component {c}")
    lines = [f"data: {100 * np.mean(labels == strong):.0f}% from component {strong} (labels), "
             f"{100 * np.mean(data_std > threshold):.0f}% above the threshold"]
    for spec in specs:
        label, _, path = spec.partition(":")
        s = read(path)
        s_std = s.reshape(len(s), -1).std(axis=1)
        frac = np.mean(s_std > threshold)
        ax.hist(s_std, bins=bins, histtype="step", lw=1.5, density=False,
                weights=np.full(len(s_std), len(data_std) / len(s_std)), label=f"{label} ({100 * frac:.0f}% above)")
        lines.append(f"{label}: {100 * frac:.0f}% above the threshold")
    ax.axvline(threshold, color="grey", lw=0.8)
    ax.set_xscale("log")
    ax.set_xlabel("standard deviation of one field")
    ax.set_ylabel("fields (scaled to the data count)")
    ax.legend(fontsize=7)
    ax.set_title("Gaussian mixture: component weights by resolution")
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
