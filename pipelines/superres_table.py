"""One table of super-resolution reports (`scorefield eval --json` of `superres` outputs).

  /usr/bin/python3 pipelines/superres_table.py OUT.txt LABEL:REPORT.json [...]

Columns: band spectrum error (shells from the coarse Nyquist up to the last one where the truth
holds more than 1e-10 of its energy), the worst factor between the samples' and the truth's
energy on one of those shells, the samples' energy above them over the truth's, coverage of the
truth by mean +- 2 std, restriction error, and the relative L2 error of the ensemble mean, of
spectral zero-padding and of bicubic interpolation. Written atomically, and printed."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from figure_io import write_text_atomically  # noqa: E402


def row(label, path):
    r = json.load(open(path))["superres"]
    shells = r["band_shells"]
    above = shells.get("energy_above_over_truth")
    base = r["baselines"]
    return "%-9s %5d  %6s  %8.1f%%  %10.3g  %10s  %7.1f%%  %6.2f%%  %6.2f%%  %6.2f%%  %6.2f%%" % (
        label, r["fields"], "%d-%d" % (r["band"][0], shells["last_judged_shell"]), 100 * r["band_spectrum_error"],
        shells["worst_shell_factor"], "%.3g" % above if above is not None else "-", 100 * r["coverage_2std"],
        100 * r["restriction_error"], 100 * r["mean_relative_l2"],
        100 * base["spectral_zero_padding"]["relative_l2"], 100 * base["bicubic"]["relative_l2"])


def main():
    out = sys.argv[1]
    lines = ["task     fields  shells  band err  worst factor  above/truth  coverage  restrict  mean L2  zero-pad  bicubic"]
    lines += [row(*spec.split(":", 1)) for spec in sys.argv[2:]]
    write_text_atomically(out, "\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
