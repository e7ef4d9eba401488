"""The in-situ super-resolution of a coarse simulation against a fine simulation of the same flow
(ns_insitu_demo.sh): the coarse run starts from the restriction of the fine run's initial state,
so at every output step the fine run is the truth the samples should look like, and its
restriction is what the coarse run would be without its own discretisation error.

  pvpython pipelines/compare_insitu_fine.py OUT FINE.h5 FINE_RESTRICTED.h5 FINE_SECONDS [SCOREFIELD_CLI]

OUT holds the in-situ extracts (superres_STEP.pvti: sample_k, mean, std; coarse_STEP.pvti) and
run.json; FINE.h5 / FINE_RESTRICTED.h5 the fine run's snapshots at the output times (datagen ns
--initial ... --save COARSE); FINE_SECONDS its wall time. Writes OUT/fine_comparison.json and
OUT/fine_comparison.png. Per output step:
  - the model's error against the fine run: shell spectra, the band above the coarse Nyquist
    (mean relative shell error over the shells where the fine run holds more than 1e-10 of its
    energy, the worst factor on such a shell, the energy above them over the fine run's), the
    same from the Nyquist of the grid the samples were conditioned on (the filter's Conditioning
    Size, in the extract's field data; the coarse grid when it is not set) down to 1e-6, 1e-8
    and 1e-10 of the energy, the ensemble mean's relative L2 distance, and the coverage of the
    fine field by mean +- 2 std;
  - the coarse run's own drift: its relative L2 distance from the restricted fine run, and its
    worst shell error below the coarse Nyquist;
the same bands for the spectra averaged over the output steps; how much the fine run's own shells
change over the steps (shell_variation); and the in-situ cost over the fine run's, both measured
in this run. With SCOREFIELD_CLI, the output steps' ensembles, coarse fields and fine fields also
go through `scorefield eval` (OUT/eval/), so that the statistics a spectrum cannot see (phase
statistics against the Gaussian oracle, per-step shell ratios, calibration) are the engine's own,
one definition for offline and in situ."""
import json
import os
import subprocess
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from vtkmodules.util.numpy_support import vtk_to_numpy  # noqa: E402
from vtkmodules.vtkIOXML import vtkXMLPImageDataReader  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shell_spectrum import shell_spectrum  # noqa: E402
from figure_io import save_atomically, write_text_atomically  # noqa: E402

FLOOR = 1e-10


def read_extract(path):
    """Cell arrays of a .pvti extract as [rows, columns] numpy arrays (rows: the grid's j), and its
    field data as a dict of name -> first value."""
    reader = vtkXMLPImageDataReader()
    reader.SetFileName(path)
    reader.Update()
    image = reader.GetOutput()
    nx, ny, _ = image.GetDimensions()
    cells = image.GetCellData()
    if cells.GetNumberOfArrays() == 0:
        sys.exit("%s holds no cell arrays (an unfinished or damaged extract?)" % path)
    arrays = {cells.GetArrayName(i): vtk_to_numpy(cells.GetArray(i)).reshape(ny - 1, nx - 1).astype(np.float64)
              for i in range(cells.GetNumberOfArrays())}
    fd = image.GetFieldData()
    fields = {}
    for i in range(fd.GetNumberOfArrays()):
        a = fd.GetAbstractArray(i)
        if a is not None and a.GetNumberOfTuples() > 0 and hasattr(a, "GetComponent"):
            fields[a.GetName()] = a.GetComponent(0, 0)
    return arrays, fields


def relative_l2(a, b):
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def band(samples_spectrum, truth_spectrum, k_lo, floor=FLOOR):
    judged = np.zeros(len(truth_spectrum), bool)
    judged[k_lo:] = truth_spectrum[k_lo:] > floor * truth_spectrum.sum()
    ks = np.nonzero(judged)[0]
    rel = np.abs(samples_spectrum[ks] - truth_spectrum[ks]) / truth_spectrum[ks]
    ratio = samples_spectrum[ks] / truth_spectrum[ks]
    last = int(ks.max())
    above_truth = truth_spectrum[last + 1:].sum()
    return {
        "shells": [int(k_lo), last],
        "band_spectrum_error": float(rel.mean()),
        "worst_shell_factor": float(np.max(np.maximum(ratio, 1 / ratio))),
        "shells_within_factor_2": float(np.mean((ratio <= 2) & (ratio >= 0.5))),
        "energy_above_over_truth": float(samples_spectrum[last + 1:].sum() / above_truth) if above_truth > 0 else None,
    }


def engine_statistics(out, cli, ensembles, coarse_fields, truths):
    """`scorefield eval` on the output steps (one field per step): the report's phase statistics,
    per-field shells and calibration. Files in OUT/eval/, written by h5py as `superres` writes
    them (/fields [steps * K, N, N] with samples_per_field, /coarse [steps, M, M])."""
    folder = os.path.join(out, "eval")
    os.makedirs(folder, exist_ok=True)
    samples_path, truth_path = os.path.join(folder, "insitu_samples.h5"), os.path.join(folder, "fine_truth.h5")
    k = len(ensembles[0])
    for path, fields, extra in ((samples_path, np.concatenate(ensembles), np.array(coarse_fields)),
                                (truth_path, np.array(truths), None)):
        with h5py.File(path + ".tmp", "w") as f:
            d = f.create_dataset("fields", data=fields.astype(np.float32))
            d.attrs["resolution"] = np.int32(fields.shape[-1])
            if extra is not None:
                d.attrs["samples_per_field"] = float(k)
                f.create_dataset("coarse", data=extra.astype(np.float32))
        os.replace(path + ".tmp", path)
    report_path = os.path.join(folder, "report.json")
    subprocess.run([cli, "eval", "--samples", samples_path, "--reference", truth_path, "--json", report_path],
                   check=True, stdout=subprocess.DEVNULL)
    report = json.load(open(report_path))["superres"]
    return {key: report[key] for key in ("phase_statistics", "per_field", "calibration") if key in report}


def shell_variation(spectra, k_conditioning, k_coarse):
    """How much the fine run's own shells change over the output steps: per band of shells, the
    largest ratio of a shell's highest to lowest energy across the steps. The model sees the coarse
    state only, so a shell of one field that changes by far more than a factor 2 within the run
    while the coarse shells hold still is not a function of the coarse spectrum. Bands: below the
    conditioning Nyquist, up to the coarse Nyquist, and above it, split at 1e-8 of the total energy
    (median over the steps)."""
    median = np.median(spectra / spectra.sum(axis=1, keepdims=True), axis=0)
    last8 = int(np.nonzero(median > 1e-8)[0].max())
    last10 = int(np.nonzero(median > FLOOR)[0].max())
    bands = {"below_conditioning_nyquist": (1, k_conditioning), "conditioning_to_coarse_nyquist": (k_conditioning, k_coarse),
             "coarse_nyquist_to_1e-8": (k_coarse, last8 + 1), "1e-8_to_1e-10": (last8 + 1, last10 + 1)}
    result = {}
    for name, (lo, hi) in bands.items():
        if hi > lo:
            ratio = spectra[:, lo:hi].max(axis=0) / spectra[:, lo:hi].min(axis=0)
            result[name] = {"shells": [lo, hi - 1], "max_over_min": float(ratio.max())}
    return result


def main():
    out, fine_path, restricted_path, fine_seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    cli = sys.argv[5] if len(sys.argv) > 5 else None
    run = json.load(open(os.path.join(out, "run.json")))
    with h5py.File(fine_path, "r") as f:
        fine = np.asarray(f["fields"], dtype=np.float64)
        interval = float(f["fields"].attrs["interval"])
    restricted = np.asarray(h5py.File(restricted_path, "r")["fields"], dtype=np.float64)
    steps = sorted(int(name[len("superres_"):-len(".pvti")]) for name in os.listdir(out)
                   if name.startswith("superres_") and name.endswith(".pvti"))
    if not steps:
        sys.exit("no superres_*.pvti extracts in %s" % out)
    per_step, curves, truth_spectra, sample_spectra = [], {}, [], []
    ensembles, coarse_fields, truths = [], [], []
    for step in steps:
        time = step * run["dt"]
        index = int(round(time / interval))
        if abs(index * interval - time) > 1e-6 or index >= len(fine):
            sys.exit("the fine run has no snapshot at t = %g (step %d): snapshots every %g, %d of them" %
                     (time, step, interval, len(fine)))
        ensemble, provenance = read_extract(os.path.join(out, "superres_%06d.pvti" % step))
        coarse = read_extract(os.path.join(out, "coarse_%06d.pvti" % step))[0]["vorticity"]
        samples = [ensemble[name] for name in sorted(ensemble) if name.startswith("sample_")]
        truth, truth_coarse = fine[index], restricted[index]
        m = coarse.shape[0]
        # The grid the samples were conditioned on (the filter's Conditioning Size; extracts made
        # before it existed were conditioned on the coarse grid itself).
        c = int(provenance.get("conditioning_size", m))
        e_truth = shell_spectrum(truth)
        e_samples = np.mean([shell_spectrum(s) for s in samples], axis=0)
        e_coarse, e_truth_coarse = shell_spectrum(coarse), shell_spectrum(truth_coarse)
        low = np.arange(1, m // 2 - 1)
        per_step.append({
            "step": step,
            "time": time,
            "conditioning_size": c,
            "model_against_fine_run": {
                "band_above_coarse_nyquist": band(e_samples, e_truth, m // 2),
                # From the conditioning grid's Nyquist (where the model starts to draw) down to three
                # floors: 1e-6 of the energy (the resolved shells), 1e-8 and 1e-10.
                "band_above_conditioning_nyquist": {
                    floor: band(e_samples, e_truth, c // 2, float(floor)) for floor in ("1e-6", "1e-8", "1e-10")},
                "mean_relative_l2": relative_l2(ensemble["mean"], truth),
                "coverage_2std": float(np.mean(np.abs(truth - ensemble["mean"]) <= 2 * ensemble["std"])),
            },
            "coarse_run_drift": {
                "relative_l2": relative_l2(coarse, truth_coarse),
                "worst_shell_error_below_nyquist": float(np.max(np.abs(e_coarse[low] - e_truth_coarse[low]) /
                                                                e_truth_coarse[low])),
            },
        })
        curves[step] = (time, e_samples, e_truth, e_coarse)
        ensembles.append(np.array(samples))
        coarse_fields.append(coarse)
        truths.append(truth)
        truth_spectra.append(e_truth)
        sample_spectra.append(e_samples)
    result = {
        "fine_resolution": int(fine.shape[-1]),
        "coarse_resolution": int(run["resolution"]),
        "steps": per_step,
        "cost": {"insitu_seconds": run["insitu_seconds"], "coarse_solver_seconds": run["solver_seconds"],
                 "fine_run_seconds": fine_seconds,
                 "insitu_over_fine_run": run["insitu_seconds"] / fine_seconds},
        # The samples' spectrum averaged over the output steps against the fine run's: what the
        # model gets right on average, where one field's deep tail is not a function of the coarse state.
        "over_the_run": {
            name: band(np.mean(sample_spectra, axis=0), np.mean(truth_spectra, axis=0), k_lo)
            for name, k_lo in (("band_above_coarse_nyquist", int(run["resolution"]) // 2),
                               ("band_above_conditioning_nyquist", per_step[-1]["conditioning_size"] // 2))},
        "fine_run_shell_variation": shell_variation(np.array(truth_spectra), per_step[-1]["conditioning_size"] // 2,
                                                    int(run["resolution"]) // 2),
    }
    if cli:
        result["engine_statistics"] = engine_statistics(out, cli, ensembles, coarse_fields, truths)
    write_text_atomically(os.path.join(out, "fine_comparison.json"), json.dumps(result, indent=2) + "\n")

    time, e_samples, e_truth, e_coarse = curves[steps[-1]]
    k = np.arange(len(e_truth))
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    ax.loglog(k[1:], e_truth[1:], "k", label="fine simulation (%d^2)" % fine.shape[-1])
    ax.loglog(k[1:], e_samples[1:], color="tab:red", label="in-situ samples (mean spectrum)")
    ax.loglog(k[1:len(e_coarse)], e_coarse[1:], "k--", label="coarse simulation (%d^2)" % run["resolution"])
    ax.axhline(FLOOR * e_truth.sum(), color="grey", lw=0.6)
    ax.axvline(run["resolution"] // 2, color="grey", lw=0.8)
    conditioned = per_step[-1]["conditioning_size"]
    if conditioned != run["resolution"]:
        ax.axvline(conditioned // 2, color="grey", lw=0.8, ls=":", label="Nyquist of the %d^2 conditioning" % conditioned)
    ax.set_xlabel("wavenumber k")
    ax.set_ylabel("E(k)")
    ax.set_title("in situ against the fine simulation, t = %.2f" % time)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    save_atomically(fig, os.path.join(out, "fine_comparison.png"))


if __name__ == "__main__":
    main()
