"""Checks a training set made in situ (catalyst_training_set.cmake): COUNT fields on the initial
state's grid, the first one equal to field INDEX of the initial state (float32 rounding: the
simulation runs in float64, the set stores float32), all from one run, and the coarse partners
present. Usage: check_training_set.py SET_DIR INITIAL.h5 INDEX COUNT"""
import sys

import h5py
import numpy as np

folder, initial, index, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with h5py.File(initial, "r") as f:
    start = f["fields"][index]
n = start.shape[0]
with h5py.File("%s/train_%d.h5" % (folder, n), "r") as f:
    fields, labels = f["fields"][:], f["labels"][:]
with h5py.File("%s/train_8.h5" % folder, "r") as f:
    coarse = f["fields"][:]
assert fields.shape == (count, n, n), "expected %d fields of %d^2, got %s" % (count, n, fields.shape)
assert coarse.shape == (count, 8, 8), coarse.shape
assert (labels == 0).all(), labels
error = np.abs(fields[0] - start).max() / np.abs(start).max()
assert error < 1e-6, "the first field is not the initial state (max relative difference %.3g)" % error
# The flow moves: later steps differ from the start by far more than rounding.
change = np.abs(fields[-1] - start).max() / np.abs(start).max()
assert change > 1e-4, "the last field equals the first: the steps were not the simulation's (%.3g)" % change
print("training set: %d fields of %d^2, first = initial state (%.2g), last moved by %.2g" % (count, n, error, change))
