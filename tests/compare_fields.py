#!/usr/bin/python3
"""Exit 0 when two ScoreField HDF5 data sets hold the same /fields (and /labels) to a relative
L2 tolerance; print the difference. Usage: compare_fields.py A.h5 B.h5 TOLERANCE"""
import sys

import h5py
import numpy as np

a, b, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
    x, y = fa["fields"][:].astype(np.float64), fb["fields"][:].astype(np.float64)
    if x.shape != y.shape:
        sys.exit(f"shapes differ: {x.shape} vs {y.shape}")
    rel = np.linalg.norm(x - y) / np.linalg.norm(y)
    same_labels = ("labels" in fa) == ("labels" in fb) and ("labels" not in fa or
                                                            np.array_equal(fa["labels"][:], fb["labels"][:]))
print(f"relative L2 difference {rel:.3e} (tolerance {tol:g}); labels {'equal' if same_labels else 'DIFFER'}")
sys.exit(0 if rel <= tol and same_labels else 1)
