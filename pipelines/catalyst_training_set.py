# script-version: 2.0
"""Catalyst script: a training set from a running simulation. Every SCOREFIELD_EVERY steps the
simulation's field SCOREFIELD_FIELD (default vorticity) is gathered from every rank onto rank 0,
which writes it whole as SCOREFIELD_OUTPUT/field_<step>.vti (cell data, the simulation's spacing
and origin) and rewrites SCOREFIELD_OUTPUT/run.pvd, the collection of the steps written so far.
Both are written to a temporary name and renamed, so a run stopped at any moment leaves only
whole files. Then `scorefield dataset SCOREFIELD_OUTPUT/run.pvd --save M --out DIR` turns the run
into HDF5 training data (docs/command-line.md). The ScoreField plugin is not needed.
Settings: catalyst_settings.py."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import catalyst_settings as settings  # noqa: E402
from paraview import catalyst, simple  # noqa: E402

FIELD = os.environ.get("SCOREFIELD_FIELD", "vorticity")
grid = simple.FindSource("input") or simple.TrivialProducer(registrationName="input")
options = settings.catalyst_options(catalyst)
written = []  # (time, file name) of every step written by this run, for run.pvd


def write_atomically(path, write):
    tmp = path + ".tmp%d" % os.getpid()
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_vti(path, values, piece, first_cell):
    from vtkmodules.util.numpy_support import numpy_to_vtk
    from vtkmodules.vtkCommonDataModel import vtkImageData
    from vtkmodules.vtkIOXML import vtkXMLImageDataWriter

    rows, columns = values.shape
    image = vtkImageData()
    image.SetDimensions(columns + 1, rows + 1, 1)  # cells: one fewer than points per axis
    image.SetSpacing(piece.GetSpacing())
    # The whole grid's first cell, wherever the simulation's global extent starts.
    image.SetOrigin([o + i * h for o, i, h in zip(piece.GetOrigin(), first_cell + [0], piece.GetSpacing())])
    array = numpy_to_vtk(values.ravel().astype("float32"), deep=1)
    array.SetName(FIELD)
    image.GetCellData().AddArray(array)

    def write(tmp):
        writer = vtkXMLImageDataWriter()
        writer.SetFileName(tmp)
        writer.SetInputData(image)
        writer.SetDataModeToBinary()  # inline base64: every VTK reader takes it (docs/paraview.md)
        if not writer.Write():
            raise RuntimeError("cannot write %s (disk full?)" % path)

    write_atomically(path, write)


def write_collection(path):
    entries = "".join('    <DataSet timestep="%.10g" part="0" file="%s"/>\n' % (t, name) for t, name in written)
    text = ('<?xml version="1.0"?>\n<VTKFile type="Collection" version="0.1">\n  <Collection>\n%s'
            "  </Collection>\n</VTKFile>\n" % entries)

    def write(tmp):
        with open(tmp, "w") as f:
            f.write(text)

    write_atomically(path, write)


def catalyst_execute(info):
    first_cell = []
    whole = settings.gather_cells(grid, [FIELD], info.time, first_cell)
    if whole is None:
        return  # not rank 0
    os.makedirs(settings.OUTPUT, exist_ok=True)
    name = "field_%06d.vti" % info.timestep
    piece = grid.GetClientSideObject().GetOutputDataObject(0)
    write_vti(os.path.join(settings.OUTPUT, name), whole[FIELD], piece, first_cell)
    written.append((info.time, name))
    write_collection(os.path.join(settings.OUTPUT, "run.pvd"))
    print("catalyst: %s of step %d written to %s" % (FIELD, info.timestep, name), flush=True)
