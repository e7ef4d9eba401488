"""Joins field data sets made by `scorefield datagen` into one training set.

Usage: python3 concat_fields.py OUT.h5 IN.h5 [IN.h5 ...]

The inputs must hold fields of one resolution; `fields` (and `labels`, where every input has
them) are concatenated in the order given, and OUT's `fields` records its sources (file name,
seed, trajectories of each) instead of one generator's attributes, which would no longer be true
of the whole. OUT is written to a
temporary file beside it and renamed, so it is complete or absent.
"""
import os
import sys
import tempfile

import h5py
import numpy as np


def main(out, inputs):
    fields, labels, sources = [], [], []
    for path in inputs:
        with h5py.File(path, "r") as f:
            if "fields" not in f:
                sys.exit(f"{path}: no 'fields' data set; pass files written by `scorefield datagen`")
            fields.append(np.asarray(f["fields"]))
            labels.append(np.asarray(f["labels"]) if "labels" in f else None)
            a = f["fields"].attrs
            name = os.path.join(os.path.basename(os.path.dirname(os.path.abspath(path))), os.path.basename(path))
            sources.append(f"{name}: seed {a.get('seed', '?')}, trajectories {a.get('trajectories', '?')}, "
                           f"{len(fields[-1])} fields")
    shapes = {x.shape[1:] for x in fields}
    if len(shapes) != 1:
        sys.exit(f"the inputs have different grids {sorted(shapes)}; join fields of one resolution")
    fd, tmp = tempfile.mkstemp(suffix=".h5", dir=os.path.dirname(os.path.abspath(out)))
    os.close(fd)
    try:
        with h5py.File(tmp, "w") as f:
            d = f.create_dataset("fields", data=np.concatenate(fields))
            d.attrs["resolution"] = fields[0].shape[-1]
            d.attrs["sources"] = "; ".join(sources)
            if all(x is not None for x in labels):  # labels only where every input has them
                f.create_dataset("labels", data=np.concatenate(labels))
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print(f"wrote {out}: {sum(len(x) for x in fields)} fields from {len(inputs)} files")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
