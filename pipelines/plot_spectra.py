#!/usr/bin/python3
"""Plots shell energy spectra from `scorefield eval --json` reports on one log-log figure.

Usage: plot_spectra.py OUT.png REPORT.json[:LABEL] [REPORT.json[:LABEL] ...] [--title TEXT] [--reference-only]
Each report contributes its samples' spectrum (labelled LABEL, default the file name); the first
report's reference spectrum is drawn as the truth. With --reference-only only references are drawn
(e.g. to show the spectrum of a data set: `scorefield eval --samples D.h5 --reference D.h5`).
The figure is written atomically.
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from figure_io import save_atomically  # noqa: E402


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    title = None
    if "--title" in argv:
        title = argv[argv.index("--title") + 1]
        args.remove(title)
    reference_only = "--reference-only" in argv
    if len(args) < 2:
        sys.exit(__doc__)
    out, reports = args[0], args[1:]
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for i, spec in enumerate(reports):
        path, _, label = spec.partition(":")
        with open(path) as f:
            report = json.load(f)
        label = label or os.path.basename(path)
        ref = report["spectrum"]["reference"]
        if i == 0 or reference_only:
            ax.loglog(range(1, len(ref)), ref[1:], "k-" if i == 0 else "-", lw=2 if i == 0 else 1,
                      label=("truth" if not reference_only else label) + f" ({report['resolution']['reference']}$^2$)")
        if not reference_only:
            s = report["spectrum"]["samples"]
            ax.loglog(range(1, len(s)), s[1:], "--", label=f"{label} ({report['resolution']['samples']}$^2$)")
    ax.set_xlabel("wavenumber shell k")
    ax.set_ylabel("energy E(k)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    save_atomically(fig, out)


if __name__ == "__main__":
    main(sys.argv[1:])
