# script-version: 2.0
"""Catalyst script: every SCOREFIELD_EVERY steps, super-resolve the simulation's vorticity and record
statistics only (no fields): the radially averaged energy spectrum of the coarse field, of the
ensemble mean and of the samples (averaged over the ensemble), appended to
SCOREFIELD_OUTPUT/spectra.csv with the step and time (rank 0 writes). Settings: catalyst_settings.py.

Spectrum: shell_spectrum.py."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import catalyst_settings as settings  # noqa: E402
import numpy as np  # noqa: E402
from paraview import catalyst  # noqa: E402
from shell_spectrum import shell_spectrum as spectrum  # noqa: E402

grid, fine = settings.superres_pipeline()
options = settings.catalyst_options(catalyst)
CSV = os.path.join(settings.OUTPUT, "spectra.csv")


def catalyst_execute(info):
    coarse = settings.gather_cells(grid, ["vorticity"], info.time)
    ensemble = settings.gather_cells(fine, ["mean"] + ["sample_%d" % k for k in range(settings.SAMPLES)], info.time)
    if coarse is None:
        return  # not rank 0
    e_coarse = spectrum(coarse["vorticity"])
    e_mean = spectrum(ensemble["mean"])
    e_samples = np.mean([spectrum(ensemble["sample_%d" % k]) for k in range(settings.SAMPLES)], axis=0)
    os.makedirs(settings.OUTPUT, exist_ok=True)
    new = not os.path.exists(CSV)
    with open(CSV, "a") as f:
        if new:
            f.write("step,time,k,E_coarse,E_mean,E_samples\n")
        for k in range(len(e_samples)):
            ec = e_coarse[k] if k < len(e_coarse) else 0.0
            f.write("%d,%.6g,%d,%.8g,%.8g,%.8g\n" % (info.timestep, info.time, k, ec, e_mean[k], e_samples[k]))
    print("catalyst: spectrum of step %d appended to %s" % (info.timestep, CSV), flush=True)
