"""One field of a ScoreField HDF5 data set as a 2-D .vti image on the unit square (point data,
spacing 1/N, rows = y), the layout `scorefield superres` and the ParaView filters read.
Usage: pvpython h5_field_to_vti.py DATA.h5 INDEX ARRAY_NAME OUT.vti"""
import os
import sys

import h5py
import numpy as np
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonDataModel import vtkImageData
from vtkmodules.vtkIOXML import vtkXMLImageDataWriter

data, index, name, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with h5py.File(data, "r") as f:
    field = np.array(f["fields"][index], dtype=np.float32)
n = field.shape[0]
image = vtkImageData()
image.SetDimensions(n, n, 1)
image.SetSpacing(1.0 / n, 1.0 / n, 1.0)
array = numpy_to_vtk(np.ascontiguousarray(field).ravel(), deep=1)
array.SetName(name)
image.GetPointData().AddArray(array)
image.GetPointData().SetActiveScalars(name)
writer = vtkXMLImageDataWriter()
writer.SetDataModeToBinary()  # inline base64: every VTK reader reads it
tmp = os.path.join(os.path.dirname(os.path.abspath(out)), "." + os.path.basename(out) + ".tmp")
writer.SetFileName(tmp)
writer.SetInputData(image)
if not writer.Write():
    sys.exit("cannot write %s" % out)
os.replace(tmp, out)  # atomically: a reader never sees half a file
