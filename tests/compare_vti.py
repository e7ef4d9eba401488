"""pvpython compare_vti.py A B (.vti or .pvti): same grid and the same arrays to 1e-4 of the largest value
(the same engine, model, input and seed; only thread counts, and with them the order of floating
point sums, may differ, which moves values by ~1e-6 relative)."""
import sys

import numpy as np
from vtkmodules.util.numpy_support import vtk_to_numpy
from vtkmodules.vtkIOXML import vtkXMLImageDataReader, vtkXMLPImageDataReader


def read(path):
    reader = vtkXMLPImageDataReader() if path.endswith(".pvti") else vtkXMLImageDataReader()
    reader.SetFileName(path)
    reader.Update()
    image = reader.GetOutput()
    arrays = {}
    for kind, data in (("point", image.GetPointData()), ("cell", image.GetCellData())):
        for i in range(data.GetNumberOfArrays()):
            arrays[kind + " " + data.GetArrayName(i)] = vtk_to_numpy(data.GetArray(i))
    return image, arrays


(a, fa), (b, fb) = read(sys.argv[1]), read(sys.argv[2])
if a.GetExtent() != b.GetExtent() or not np.allclose(a.GetSpacing(), b.GetSpacing()) \
        or not np.allclose(a.GetOrigin(), b.GetOrigin()):
    sys.exit("FAIL: grids differ: %s %s %s vs %s %s %s" % (a.GetExtent(), a.GetSpacing(), a.GetOrigin(),
                                                          b.GetExtent(), b.GetSpacing(), b.GetOrigin()))
if sorted(fa) != sorted(fb) or not fa:
    sys.exit("FAIL: arrays differ: %s vs %s" % (sorted(fa), sorted(fb)))
scale = max(np.abs(v).max() for v in fa.values())
worst = max(np.abs(fa[k].astype(np.float64) - fb[k]).max() for k in fa) / scale
print("max difference %.2g of the largest value over %d arrays" % (worst, len(fa)))
sys.exit(0 if worst <= 1e-4 else "FAIL: the files differ")
