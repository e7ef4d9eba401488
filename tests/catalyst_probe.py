# script-version: 2.0
"""Catalyst script of the adaptor test: each step it checks what the pipeline sees (the whole
extent, the local piece, the cell array "u" of the right length) and then writes the step number
into the first value of the piece through a numpy view of the array. The simulation checks that
its own memory changed: the pipeline saw the simulation's memory, not a copy."""
from paraview import catalyst
from paraview.simple import TrivialProducer
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkCommonExecutionModel import vtkStreamingDemandDrivenPipeline

grid = TrivialProducer(registrationName="input")
options = catalyst.Options()


def catalyst_execute(info):
    algorithm = grid.GetClientSideObject()
    algorithm.UpdateInformation()
    whole = algorithm.GetOutputInformation(0).Get(vtkStreamingDemandDrivenPipeline.WHOLE_EXTENT())
    piece = algorithm.GetOutputDataObject(0)
    array = piece.GetCellData().GetArray("u")
    cells = piece.GetNumberOfCells()
    if array is None or array.GetNumberOfTuples() != cells or tuple(whole) != (0, 16, 0, 12, 0, 0):
        raise RuntimeError("probe: unexpected grid: whole %s, %d cells, array %s" % (whole, cells, array))
    view = vtk_to_numpy(array)
    view[0] = info.timestep + 1000.0
    print("probe: step %d saw %d cells of extent %s" % (info.timestep, cells, piece.GetExtent()), flush=True)
