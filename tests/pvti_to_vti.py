"""pvpython pvti_to_vti.py IN.pvti OUT.vti: joins the pieces of a parallel image extract into one
.vti (inline binary), the input form of `scorefield superres`."""
import sys

from vtkmodules.vtkIOXML import vtkXMLImageDataWriter, vtkXMLPImageDataReader

reader = vtkXMLPImageDataReader()
reader.SetFileName(sys.argv[1])
reader.Update()
if reader.GetOutput().GetNumberOfPoints() == 0:
    sys.exit("FAIL: %s holds no points" % sys.argv[1])
writer = vtkXMLImageDataWriter()
writer.SetDataModeToBinary()
writer.SetInputData(reader.GetOutput())
writer.SetFileName(sys.argv[2])
writer.Write()
