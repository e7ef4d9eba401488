"""Plots the increment statistics of a `scorefield eval --json` or `superres` report: the pooled
PDFs of the vorticity gradient's components (truth, samples, Gaussian oracle; log scale, where
intermittency shows as heavy tails) and the increments' flatness S4/S2^2 against the separation
(3 for a Gaussian field at every separation), of the whole fields (top) and of the band above the
coarse grid that the samples draw (bottom).

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


def phase_statistics_of(report):
    """The phase statistics wherever the report keeps them (eval: superres.phase_statistics)."""
    for node in (report.get("superres", {}), report):
        if isinstance(node, dict) and "increments" in node.get("phase_statistics", {}):
            return node["phase_statistics"]
    sys.exit("no increment statistics in the report: it needs `scorefield eval` of a superres output "
             "against the true fine fields (or a superres report made with --reference)")


def plot_block(inc, pdf_ax, flat_ax, what):
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
    pdf_ax.set_title("%s: gradient PDF (W1: median over fields)" % what, fontsize=10)
    pdf_ax.legend(fontsize=8)
    flat_ax.axhline(3.0, color="grey", lw=0.8, ls="--")
    flat_ax.set_xscale("log", base=2)
    flat_ax.set_xlabel("separation r (fine grid points)")
    flat_ax.set_ylabel("S4 / S2^2 (median over fields)")
    flat_ax.set_title("%s: increment flatness (3: Gaussian)" % what, fontsize=10)
    flat_ax.legend(fontsize=8)


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        phases = phase_statistics_of(json.load(f))
    title = sys.argv[3] if len(sys.argv) == 4 else "increment statistics"
    fig, axes = plt.subplots(2, 2, figsize=(10, 8))
    plot_block(phases["increments"], axes[0][0], axes[0][1], "whole field")
    if "increments_high_pass" in phases:
        plot_block(phases["increments_high_pass"], axes[1][0], axes[1][1], "drawn band (high-pass)")
    else:  # a report from before the band's statistics
        for ax in axes[1]:
            ax.set_visible(False)
    fig.suptitle(title)
    fig.tight_layout()
    save_atomically(fig, sys.argv[2])


if __name__ == "__main__":
    main()
