"""Shared helpers of the plotting scripts: atomic figure and text output, and HDF5 reading."""
import os
import tempfile

import h5py
import numpy as np


def save_atomically(fig, out, dpi=120):
    """Writes the figure to a temporary file beside OUT and renames it: OUT is complete or absent."""
    fd, tmp = tempfile.mkstemp(suffix=os.path.splitext(out)[1] or ".png", dir=os.path.dirname(os.path.abspath(out)))
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=dpi)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print("wrote", out)


def write_text_atomically(path, text):
    """Writes TEXT to PATH.part and renames it: PATH is complete or absent."""
    with open(path + ".part", "w") as f:
        f.write(text)
    os.replace(path + ".part", path)


def read(path, name="fields"):
    with h5py.File(path, "r") as f:
        return np.asarray(f[name])


def attribute(path, name, default=None):
    with h5py.File(path, "r") as f:
        return f["fields"].attrs.get(name, default)
