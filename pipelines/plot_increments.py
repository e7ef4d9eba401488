"""Plots the increment statistics of a `scorefield eval --json` or `superres` report: the pooled
PDFs of the vorticity gradient's components (truth, samples, Gaussian oracle; log scale, where
intermittency shows as heavy tails) and the increments' flatness S4/S2^2 against the separation
(3 for a Gaussian field at every separation).

Usage: python3 pipelines/plot_increments.py REPORT.json FIGURE.png [TITLE]
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from figure_io import save_atomically  # noqa: E402

SERIES = (("truth", "truth", "k"), ("samples", "samples", "C0"), ("gaussian_oracle", "Gaussian oracle", "C3"))


def increments_of(report):
    """The increments block wherever the report keeps it (eval: superres.phase_statistics)."""
    for path in (("superres", "phase_statistics", "increments"), ("phase_statistics", "increments")):
        node = report
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if node is not None:
            return node
    sys.exit("no increment statistics in the report: it needs `scorefield eval` of a superres output "
             "against the true fine fields (or a superres report made with --reference)")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        inc = increments_of(json.load(f))
    title = sys.argv[3] if len(sys.argv) == 4 else "increment statistics"
    fig, (pdf_ax, flat_ax) = plt.subplots(1, 2, figsize=(10, 4))
    edges = np.asarray(inc["gradient_pdf"]["bin_edges"])
    centres = 0.5 * (edges[1:] + edges[:-1])
    w1 = inc["gradient_w1"]
    for key, label, colour in SERIES:
        density = np.asarray(inc["gradient_pdf"][key], dtype=float)
        shown = np.where(density > 0, density, np.nan)
        extra = ""
        if key != "truth":
            extra = " (W1 %.3f)" % w1["samples_median" if key == "samples" else "gaussian_oracle_median"]
        pdf_ax.semilogy(centres, shown, color=colour, label=label + extra)
        flat_ax.plot(inc["separations"], inc[key]["flatness_median"], "o-", color=colour, label=label)
    pdf_ax.set_xlabel("gradient component / truth's std")
    pdf_ax.set_ylabel("PDF")
    pdf_ax.set_title("gradient PDF (W1: median over fields)")
    pdf_ax.legend(fontsize=8)
    flat_ax.axhline(3.0, color="grey", lw=0.8, ls="--")
    flat_ax.set_xscale("log", base=2)
    flat_ax.set_xlabel("separation r (fine grid points)")
    flat_ax.set_ylabel("S4 / S2^2 (median over fields)")
    flat_ax.set_title("increment flatness (3: Gaussian)")
    flat_ax.legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    save_atomically(fig, sys.argv[2])


if __name__ == "__main__":
    main()
