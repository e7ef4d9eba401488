"""Per-shell comparison of two Navier-Stokes solves of the same trajectory on one grid: a coarser
solve against a finer one restricted to its grid (ns_convergence_check.sh).

  /usr/bin/python3 pipelines/compare_ns_convergence.py OUT COARSE.h5 FINE_RESTRICTED.h5

For every snapshot: shell energies E(k) = sum over round(|k|) = k of |w_hat|^2 / 2 of both, and
the largest relative difference |E_coarse - E_fine| / E_fine over the shells holding more than
1e-12 of the fine solve's total energy (below that, float32 storage rounding and the 2/3
dealiasing cut-off dominate). Writes OUT/convergence.json, .txt and .png."""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shell_spectrum import shell_spectrum  # noqa: E402
from figure_io import read, save_atomically, write_text_atomically  # noqa: E402

THRESHOLD = 1e-12
TOLERANCE = 0.05


def main():
    out, coarse_path, fine_path = sys.argv[1:4]
    coarse, fine = read(coarse_path), read(fine_path)
    if coarse.shape != fine.shape:
        sys.exit("the two data sets differ in shape: %s against %s" % (coarse.shape, fine.shape))
    n = coarse.shape[-1]
    rows = []
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for i in range(coarse.shape[0]):
        e_coarse, e_fine = shell_spectrum(coarse[i]), shell_spectrum(fine[i])
        judged = e_fine > THRESHOLD * e_fine.sum()
        judged[0] = False  # the mean mode is zero in both
        rel = np.abs(e_coarse - e_fine) / np.where(e_fine > 0, e_fine, 1.0)
        last = int(np.nonzero(judged)[0].max())
        rows.append({"snapshot": i, "judged_shells": [1, last], "max_relative_difference": float(rel[judged].max()),
                     "worst_shell": int(np.nonzero(judged)[0][rel[judged].argmax()])})
        k = np.arange(len(e_fine))
        ax.loglog(k[1:], e_fine[1:], color="C%d" % i, label="snapshot %d, finer solve restricted" % i)
        ax.loglog(k[1:], e_coarse[1:], color="C%d" % i, linestyle="--")
    ax.axhline(THRESHOLD * e_fine.sum(), color="grey", linewidth=0.8)
    ax.set_xlabel("wavenumber k")
    ax.set_ylabel("shell energy E(k)")
    ax.set_title("%d^2 solve (dashed) against a finer solve restricted to %d^2" % (n, n))
    ax.legend(fontsize=7)
    fig.tight_layout()
    save_atomically(fig, os.path.join(out, "convergence.png"))
    worst = max(r["max_relative_difference"] for r in rows)
    result = {"grid": n, "threshold_of_total_energy": THRESHOLD, "tolerance": TOLERANCE, "snapshots": rows,
              "max_relative_difference": worst, "converged": worst <= TOLERANCE}
    write_text_atomically(os.path.join(out, "convergence.json"), json.dumps(result, indent=2) + "\n")
    lines = ["%d^2 solve against a finer solve restricted to %d^2, shells above %g of the total energy:" %
             (n, n, THRESHOLD)]
    lines += ["  snapshot %d: shells 1-%d, largest relative difference %.2e (shell %d)" %
              (r["snapshot"], r["judged_shells"][1], r["max_relative_difference"], r["worst_shell"]) for r in rows]
    lines.append("converged within %.0f%%: %s" % (100 * TOLERANCE, "yes" if worst <= TOLERANCE else "NO"))
    write_text_atomically(os.path.join(out, "convergence.txt"), "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
