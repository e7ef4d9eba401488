"""Summary of an in-situ super-resolution run of scorefield_ns_insitu: the run's cost (run.json, from
--summary) and the statistics extract (spectra.csv, from catalyst_superres_statistics.py), into
DIR/summary.txt, DIR/summary.json and DIR/spectra.png; with DIR/fine_comparison.json
(compare_insitu_fine.py) also the comparison against the fine simulation of the same flow.

  /usr/bin/python3 pipelines/summarize_insitu.py DIR COARSE_N [CONDITIONING_N]

Per super-resolved step: the coarse field's energy, the share of the samples' energy above the
coarse grid's Nyquist wavenumber (what the model adds), the same for the ensemble mean (what all
samples agree on), and how closely the mean keeps the coarse field's shells below the Nyquist of
the grid it was conditioned on (CONDITIONING_N, the filter's Conditioning Size; default COARSE_N)."""
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from figure_io import save_atomically, write_text_atomically  # noqa: E402


def engine_statistics_lines(e, times):
    """What a spectrum cannot see, per output step (scorefield eval on the steps, compare_insitu_fine.py):
    the high-pass flatness and localisation of the fine run, the samples and a Gaussian with the
    fine run's spectrum and random phases above the coarse Nyquist; calibration over the run."""
    p = e["phase_statistics"]
    lines = ["", "Phase statistics above the coarse Nyquist against the fine run and a Gaussian with its spectrum "
             "(flatness 3 for a Gaussian; localisation: correlation of the small-scale energy with the coarse "
             "gradients):", "",
             "  time   flatness: fine   samples   Gaussian   localisation: fine   samples   Gaussian"]
    for i, t in enumerate(times):
        lines.append("%6.3f   %14.2f   %7.2f   %8.2f   %18.3f   %7.3f   %8.3f" % (
            t, p["truth"]["flatness_per_field"][i], p["samples"]["flatness_per_field"][i],
            p["gaussian_oracle"]["flatness_per_field"][i], p["truth"]["localisation_per_field"][i],
            p["samples"]["localisation_per_field"][i], p["gaussian_oracle"]["localisation_per_field"][i]))
    if "increments" in p:
        r = p["increments"]["separations"]
        lines += ["", "Small-scale structure over the run (medians over the steps): the increments' flatness S4/S2^2 at "
                  "separations of %s fine grid points (3 for a Gaussian) and the W1 distance of the gradient's PDF "
                  "to the fine run's (in its standard deviation), of the whole field and of the band above the "
                  "coarse grid's Nyquist:" % ", ".join(str(x) for x in r), ""]
        for block, what in (("increments", "field"), ("increments_high_pass", "band")):
            inc = p.get(block)
            if not inc:
                continue
            for key, label in (("truth", "fine run"), ("samples", "samples"), ("gaussian_oracle", "Gaussian")):
                w1 = "" if key == "truth" else "   gradient W1 %.3f" % inc["gradient_w1"][key + "_median"]
                flatness = "  ".join("%6.2f" % f for f in inc[key]["flatness_median"])
                lines.append("  %-5s %-9s flatness %s%s" % (what, label, flatness, w1))
    c = e.get("calibration", {})
    if "spread_skill_ratio" in c:
        lines += ["Calibration over the run: spread-skill ratio %.2f (1 if calibrated); rank of the fine run's band "
                  "energy" % c["spread_skill_ratio"],
                  "among the samples' at each step %s (flat if calibrated); CRPS %.3g against the ensemble mean's "
                  "absolute error %.3g" % (c["band_energy_rank_histogram"], c["crps"], c["ensemble_mean_mae"])]
    return lines


def fine_comparison_lines(c):
    """The summary's table of the samples and the coarse run against the fine simulation."""
    fine, coarse = c["fine_resolution"], c["coarse_resolution"]
    cost = c["cost"]
    lines = [
        "",
        "Against a %d^2 simulation of the same flow (started from the %d^2 state whose restriction started" % (fine, fine),
        "this run): the model's error in the band above k = %d (mean relative shell error over the shells" % (coarse // 2),
        "holding more than 1e-10 of the energy, the worst factor on one of them, and the energy above them",
        "over the fine run's), the ensemble mean's relative L2 distance and the coverage of the fine field",
        "by mean +- 2 std; and the coarse run's own drift from the restricted fine run (relative L2, worst",
        "shell below its Nyquist), which no super-resolution can undo:",
        "",
        "step     time   band error   worst factor   energy above   mean L2   coverage   drift L2   drift shell",
    ]
    for s in c["steps"]:
        m, d = s["model_against_fine_run"], s["coarse_run_drift"]
        b = m["band_above_coarse_nyquist"]
        above = b["energy_above_over_truth"]
        lines.append("%5d  %6.3f   %9.1f%%   %12.3g   %12s   %6.1f%%   %7.1f%%   %7.2f%%   %10.1f%%" % (
            s["step"], s["time"], 100 * b["band_spectrum_error"], b["worst_shell_factor"],
            "%.3g" % above if above is not None else "-", 100 * m["mean_relative_l2"], 100 * m["coverage_2std"],
            100 * d["relative_l2"], 100 * d["worst_shell_error_below_nyquist"]))
    conditioned = c["steps"][-1].get("conditioning_size", coarse)
    if conditioned != coarse:
        lines += ["", "The samples were conditioned on the coarse run restricted to %d^2, so the model draws every shell" % conditioned,
                  "from k = %d; the same band error from there (the shells %d .. %d replace the coarse run's own), and" % (
                      conditioned // 2, conditioned // 2, coarse // 2 - 1),
                  "the worst factor on the resolved shells alone (from k = %d to the last holding 1e-6 of the energy):" % (
                      conditioned // 2), "",
                  "step     time   band error   worst factor   shells within x2   resolved shells   worst there"]
        for s in c["steps"]:
            bands = s["model_against_fine_run"]["band_above_conditioning_nyquist"]
            b, r = bands["1e-10"], bands["1e-6"]
            lines.append("%5d  %6.3f   %9.1f%%   %12.3g   %15.0f%%   %15s   %11.3g" % (
                s["step"], s["time"], 100 * b["band_spectrum_error"], b["worst_shell_factor"],
                100 * b["shells_within_factor_2"], "%d-%d" % tuple(r["shells"]), r["worst_shell_factor"]))
    if "over_the_run" in c:
        o = c["over_the_run"]["band_above_coarse_nyquist"]
        lines += ["", "The samples' spectrum averaged over the %d output steps against the fine run's, shells %d .. %d:" % (
            len(c["steps"]), o["shells"][0], o["shells"][1]),
            "band error %.1f%%, worst factor %.3g, %.0f%% of the shells within a factor 2." % (
                100 * o["band_spectrum_error"], o["worst_shell_factor"], 100 * o["shells_within_factor_2"])]
    if "fine_run_shell_variation" in c:
        v = c["fine_run_shell_variation"]
        lines += ["How much the fine run's own shells change over the run (largest max/min of one shell's energy):",
                  "  " + ", ".join("shells %d-%d: %.3g" % (b["shells"][0], b["shells"][1], b["max_over_min"])
                                   for b in v.values()),
                  "  (the coarse state holds still where the deep tail of one field moves by far more than a factor 2)"]
    if "engine_statistics" in c:
        lines += engine_statistics_lines(c["engine_statistics"], [s["time"] for s in c["steps"]])
    lines += ["", "cost: in situ %.2f s = %.1f x the %.2f s of the %d^2 simulation over the same interval (same run)" % (
        cost["insitu_seconds"], cost["insitu_over_fine_run"], cost["fine_run_seconds"], fine)]
    return lines


def main():
    out, coarse_n = sys.argv[1], int(sys.argv[2])
    conditioning_n = int(sys.argv[3]) if len(sys.argv) > 3 and int(sys.argv[3]) > 0 else coarse_n
    run = json.load(open(os.path.join(out, "run.json")))
    rows = list(csv.DictReader(open(os.path.join(out, "spectra.csv"))))
    steps = sorted({int(r["step"]) for r in rows})
    nyquist = coarse_n // 2
    per_step = []
    curves = {}
    for step in steps:
        mine = sorted((r for r in rows if int(r["step"]) == step), key=lambda r: int(r["k"]))
        k = np.array([int(r["k"]) for r in mine])
        e = {name: np.array([float(r[name]) for r in mine]) for name in ("E_coarse", "E_mean", "E_samples")}
        curves[step] = (float(mine[0]["time"]), k, e)
        kept = (k >= 1) & (k <= conditioning_n // 2 - 2)
        per_step.append({
            "step": step,
            "time": float(mine[0]["time"]),
            "coarse_energy": float(e["E_coarse"].sum()),
            "samples_energy_above_coarse_nyquist": float(e["E_samples"][k >= nyquist].sum() / e["E_samples"].sum()),
            "mean_energy_above_coarse_nyquist": float(e["E_mean"][k >= nyquist].sum() / e["E_mean"].sum()),
            "coarse_shells_max_relative_difference": float(
                np.max(np.abs(e["E_mean"][kept] - e["E_coarse"][kept]) / e["E_coarse"][kept])),
        })
    summary = {"run": run, "super_resolved_steps": per_step}
    comparison_path = os.path.join(out, "fine_comparison.json")
    comparison = json.load(open(comparison_path)) if os.path.exists(comparison_path) else None
    if comparison:
        summary["against_fine_simulation"] = comparison
    write_text_atomically(os.path.join(out, "summary.json"), json.dumps(summary, indent=2) + "\n")

    lines = [
        "In-situ super-resolution of a running Navier-Stokes simulation",
        "",
        "simulation: %dx%d, nu %g, dt %g, %d steps to t = %g on %d MPI rank(s)" % (
            run["resolution"], run["resolution"], run["nu"], run["dt"], run["steps"], run["simulated_time"], run["ranks"]),
        "cost: solver %.2f s, in situ (Catalyst: super-resolution, extracts, images, statistics) %.2f s"
        " = %.1f x the solver's time" % (run["solver_seconds"], run["insitu_seconds"], run["insitu_fraction_of_solver"]),
        "",
        "Share of the energy above the coarse Nyquist wavenumber k = %d (what the model adds), in the samples" % nyquist,
        "and in their mean, and the largest relative difference of the mean's shells from the coarse field's",
        "below it (the samples keep the coarse modes)%s:" % (
            "" if conditioning_n == coarse_n else
            ", here below k = %d, the Nyquist of the %d^2 restriction the samples were conditioned on" % (
                conditioning_n // 2, conditioning_n)),
        "",
        "step     time   coarse energy   samples above k=%d   mean above k=%d   mean vs coarse" % (nyquist, nyquist),
    ]
    for s in per_step:
        lines.append("%5d  %6.3f   %13.5g   %18.2e   %15.2e   %13.2f%%" % (
            s["step"], s["time"], s["coarse_energy"], 100 * s["samples_energy_above_coarse_nyquist"],
            100 * s["mean_energy_above_coarse_nyquist"], 100 * s["coarse_shells_max_relative_difference"]))
    if comparison:
        lines += fine_comparison_lines(comparison)
    write_text_atomically(os.path.join(out, "summary.txt"), "\n".join(lines) + "\n")
    print("\n".join(lines))

    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    last = steps[-1]
    for step, (time, k, e) in curves.items():
        faint = step != last
        alpha = 0.25 if faint else 1.0
        ax.loglog(k[1:], e["E_samples"][1:], color="tab:red", alpha=alpha, label=None if faint else "samples (mean spectrum)")
        ax.loglog(k[1:], e["E_mean"][1:], color="tab:blue", alpha=alpha, label=None if faint else "ensemble mean")
        kc = k[1:nyquist + 1]
        ax.loglog(kc, e["E_coarse"][1:nyquist + 1], "k--", alpha=alpha, label=None if faint else "coarse (simulation)")
    ax.axvline(nyquist, color="gray", lw=0.8)
    ax.set_xlabel("wavenumber k")
    ax.set_ylabel("E(k)")
    ax.set_title("in situ, t = %.2f (earlier steps faint)" % curves[last][0])
    ax.legend(loc="lower left")
    fig.tight_layout()
    save_atomically(fig, os.path.join(out, "spectra.png"))


if __name__ == "__main__":
    main()
