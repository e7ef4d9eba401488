"""Checks the statistics extract of an in-situ run: spectra.csv holds every expected step with one
row per shell k = 0 .. N/2 of the fine grid, and on the coarse grid's shells (1 <= k <= M/2 - 2,
away from the coarse Nyquist, whose shells the coarse grid fills only partly) the super-resolved
mean keeps the coarse field's energy: the samples reproduce the coarse Fourier modes (restriction
error 0.2-0.5% in L2), so shell energies agree to within the 5% restriction target.
Usage: check_insitu_spectra.py CSV STEPS(comma-separated) FINE_N COARSE_N"""
import csv
import sys

path, steps, fine, coarse = sys.argv[1], [int(s) for s in sys.argv[2].split(",")], int(sys.argv[3]), int(sys.argv[4])
rows = list(csv.DictReader(open(path)))
failures = []
for step in steps:
    shells = {int(r["k"]): r for r in rows if int(r["step"]) == step}
    if sorted(shells) != list(range(fine // 2 + 1)):
        failures.append("step %d: shells %s, expected 0..%d" % (step, sorted(shells)[:3], fine // 2))
        continue
    for k in range(1, coarse // 2 - 1):
        e_coarse, e_mean = float(shells[k]["E_coarse"]), float(shells[k]["E_mean"])
        if abs(e_mean - e_coarse) > 0.05 * e_coarse:
            failures.append("step %d shell %d: mean %.4g vs coarse %.4g" % (step, k, e_mean, e_coarse))
    top = float(shells[fine // 2 - 1]["E_samples"])
    if not top > 0:
        failures.append("step %d: no sample energy above the coarse grid" % step)
print("\n".join(failures) if failures else "spectra: %d steps, coarse shells kept within 5%%" % len(steps))
sys.exit(1 if failures else 0)
