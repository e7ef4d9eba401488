"""Run by pvpython with PV_PLUGIN_PATH set to an installed plugin's folder and no LoadPlugin call:
the filters must be there, and the engine must be the one installed next to the plugin (found
without any path set by the user). Usage: plugin_autoload_check.py MODEL PREFIX"""
import os
import sys

import paraview.simple as simple
from paraview import servermanager

model, prefix = sys.argv[1], os.path.realpath(sys.argv[2])
if not hasattr(simple, "GenerativeSuperResolution"):
    sys.exit("FAIL: PV_PLUGIN_PATH did not load the ScoreField plugin")
wavelet = simple.Wavelet(WholeExtent=[0, 15, 0, 15, 0, 0])
superres = simple.GenerativeSuperResolution(Input=wavelet, ModelFile=model, Steps=2, NumberOfSamples=1)
superres.UpdatePipeline()
out = servermanager.Fetch(superres)
engine = os.path.realpath(out.GetFieldData().GetAbstractArray("engine").GetValue(0))
if out.GetNumberOfPoints() != 64 * 64 or not engine.startswith(prefix):
    sys.exit("FAIL: %d points, engine %s (expected under %s)" % (out.GetNumberOfPoints(), engine, prefix))
# With no Model File the installed plugin uses the installed shipped model, not the source tree's.
default = simple.GenerativeSuperResolution(Input=wavelet, Steps=2, NumberOfSamples=1, InputArray=["POINTS", "RTData"])
default.UpdatePipeline()
used = os.path.realpath(servermanager.Fetch(default).GetFieldData().GetAbstractArray("model").GetValue(0))
if not used.startswith(prefix) or os.path.basename(used) != "ns-superres.sfm":
    sys.exit("FAIL: an empty Model File opened %s (expected the installed ns-superres.sfm under %s)" % (used, prefix))
print("installed plugin auto-loaded; engine", engine, "; default model", used)
