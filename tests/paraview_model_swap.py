"""A live pvpython pipeline whose model file goes bad and comes back: the super-resolution filter
runs on a good model, then the same path is overwritten with a truncated copy, then with a model
of the wrong task, then the good model is put back. Each bad update must report the problem and
leave an empty output; the pipeline must go on, and the restored model must give the first
result again (same seed), which shows that the cached model was dropped when the file changed.
Run with pvpython: paraview_model_swap.py PLUGIN MODELS WORK (WORK/coarse.vti from the plugin test)"""
import os
import shutil
import sys
import time

import numpy as np
from paraview import servermanager
from paraview.simple import LoadPlugin, XMLImageDataReader
from vtkmodules.util.numpy_support import vtk_to_numpy

plugin, models, work = sys.argv[1:4]
LoadPlugin(plugin, remote=False, ns=globals())
good = os.path.join(models, "ns-superres-64.sfm")
wrong_task = os.path.join(models, "ns-unconditional-64.sfm")
live = os.path.join(work, "live.sfm")


def put(source, cut=None):
    """Replaces the live model file as a user would (not atomically), with a later mtime."""
    time.sleep(0.01)
    with open(source, "rb") as f:
        data = f.read()
    with open(live, "wb") as f:
        f.write(data if cut is None else data[:cut])


def run(proxy, seed, label):
    proxy.Seed = seed
    proxy.UpdatePipeline()
    out = servermanager.Fetch(proxy)
    points = out.GetNumberOfPoints()
    print("%s points=%d" % (label, points), flush=True)
    sys.stderr.write("--- after %s\n" % label)
    sys.stderr.flush()
    return vtk_to_numpy(out.GetPointData().GetArray("mean")).copy() if points else None


put(good)
coarse = XMLImageDataReader(FileName=[os.path.join(work, "coarse.vti")])
sr = GenerativeSuperResolution(Input=coarse, ModelFile=live, NumberOfSamples=1, Steps=2,  # noqa: F821
                               InputArray=["POINTS", "vorticity"])
first = run(sr, 5, "good")
put(good, cut=os.path.getsize(good) // 2)
truncated = run(sr, 6, "truncated")
put(wrong_task)
wrong = run(sr, 7, "wrong_task")
put(good)
restored = run(sr, 5, "restored")
failures = []
if first is None:
    failures.append("the good model gave no output")
if truncated is not None or wrong is not None:
    failures.append("a bad model file gave an output")
if restored is None or first is None or not np.array_equal(first, restored):
    failures.append("the restored model did not give the first result again")
for f in failures:
    print("FAIL:", f, flush=True)
print("model swap: %s" % ("failed" if failures else "all checks passed"), flush=True)
sys.exit(1 if failures else 0)
