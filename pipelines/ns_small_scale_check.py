"""How the Navier-Stokes data's small scales behave, with no network (docs/results.md, "One model
for every grid"):
  1. the median shell energy at k = 32 and k = 45 against time, in the training set (24
     trajectories x 20 snapshots, t = T0 .. T0 + 9.5) and the held-out set (3 x 8, t = T0 .. T0 + 7 TEST_DT);
  2. how well the coarse field's own top octave predicts the band above its Nyquist: for every
     held-out field and coarse grid M, the training set's mean spectrum is moved to the level and
     slope that a least-squares line fits to log(E_field / E_mean) on shells M/4 .. M/2 - 1 (what
     network.conditional_prior does, spectral_prior.hpp), summed over the fields and compared
     with the truth on the judged shells (from M/2 up to the last holding more than 1e-10 of the
     energy), against the same with the level alone (network.conditional_slope = false) and the
     unmoved mean spectrum.

  /usr/bin/python3 pipelines/ns_small_scale_check.py TRAIN_256.h5 TEST_256.h5 OUT.txt [T0 TEST_DT]

T0 is the time of both sets' first snapshot (10; 25 for the steady sets), TEST_DT the held-out
set's snapshot interval (2.5; 1.25); the training set's is 0.5.

Writes OUT.txt atomically and prints it."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from figure_io import read, write_text_atomically  # noqa: E402
from shell_spectrum import shell_spectrum  # noqa: E402


def spectra(path, snapshots):
    s = np.array([shell_spectrum(f) for f in read(path)])
    return s.reshape(-1, snapshots, s.shape[-1])  # [trajectory, snapshot, shell]


def moved_prior(field_spectrum, mean_spectrum, m, shells, fit_slope=True):
    kc = m // 2
    top = np.arange(max(kc // 2, 1), kc)
    r = np.log(field_spectrum[top] / mean_spectrum[top])
    t = np.log(top / kc)
    slope = np.clip(np.polyfit(t, r, 1)[0], -8, 8) if fit_slope and len(top) >= 4 else 0.0
    level = r.mean() - slope * t.mean()
    return mean_spectrum[shells] * np.exp(level + slope * np.log(np.maximum(shells, kc) / kc))


def main():
    train_path, test_path, out = sys.argv[1:4]
    t0 = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
    test_dt = float(sys.argv[5]) if len(sys.argv) > 5 else 2.5
    train_times = " ".join("%g" % (t0 + 0.5 * i) for i in (0, 5, 10, 15, 19))
    test_times = "%g, %g, ..., %g" % (t0, t0 + test_dt, t0 + 7 * test_dt)
    train, test = spectra(train_path, 20), spectra(test_path, 8)
    lines = ["median shell energy against time"]
    for k in (32, 45):
        lines.append("  k = %d, training  (t = %s): %s" % (
            k, train_times, " ".join("%.2g" % np.median(train[:, i, k]) for i in (0, 5, 10, 15, 19))))
        lines.append("  k = %d, held-out (t = %s): %s" % (
            k, test_times, " ".join("%.2g" % np.median(test[:, i, k]) for i in range(8))))
    mean = train.reshape(-1, train.shape[-1]).mean(0)
    fields = test.reshape(-1, test.shape[-1])
    lines.append("top-octave prior against the truth, all %d held-out fields (4x: M -> 4M)" % len(fields))
    for m in (16, 32, 64):
        shells = np.arange(m // 2, min(2 * m, fields.shape[1]))
        truth = fields[:, shells].sum(0)
        judged = truth > 1e-10 * fields.sum()
        for name, guess in (("moved", sum(moved_prior(f, mean, m, shells) for f in fields)),
                            ("level", sum(moved_prior(f, mean, m, shells, False) for f in fields)),
                            ("unmoved", len(fields) * mean[shells])):
            ratio = guess[judged] / truth[judged]
            lines.append("  %2d -> %3d %-7s band error %5.1f%%  worst shell factor %8.3g" % (
                m, 4 * m, name, 100 * np.mean(np.abs(ratio - 1)), np.exp(np.abs(np.log(ratio)).max())))
    text = "\n".join(lines) + "\n"
    write_text_atomically(out, text)
    print(text, end="")


if __name__ == "__main__":
    main()
