"""The render view follows the filter after a refused update.

Wavelet (32^2) into Generative Super-Resolution with a render view colouring `mean`: a screenshot
at Seed 1; Upscale Factor 3 (refused: the model has no such factor); Factor 4 with Seed 5, a
screenshot; Seed 6, a screenshot. Seeds 1, 5 and 6 give different samples, so the three pictures
must differ, and each must be what a fresh pipeline at that seed renders. Also: the refusal is
reported once, in one plain message, and the next good update reports nothing (the warning that
the Wavelet is unlike the model's training data comes once, at the first update).

Usage (under scripts/with-xvfb.sh): pvpython view_follows_after_refusal.py PLUGIN MODEL WORK
"""
import hashlib
import os
import sys

from paraview.simple import (ColorBy, CreateView, Delete, GetDisplayProperties, LoadPlugin, Render,
                             SaveScreenshot, Show, Wavelet)
from vtkmodules.util.misc import calldata_type
from vtkmodules.vtkCommonCore import VTK_STRING, vtkOutputWindow

plugin, model, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
LoadPlugin(plugin, remote=False, ns=globals())

# Every error and warning VTK reports is also collected here, so the test can count them.
collected = []


@calldata_type(VTK_STRING)
def collect(caller, event, text):
    collected.append(("ERROR " if event == "ErrorEvent" else "Warning ") + str(text))


for event in ("ErrorEvent", "WarningEvent"):
    vtkOutputWindow.GetInstance().AddObserver(event, collect)

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def take_messages():
    """The messages reported since the last call, one string each."""
    taken = list(collected)
    del collected[:]
    return taken


source = Wavelet(WholeExtent=[0, 31, 0, 31, 0, 0])
sr = GenerativeSuperResolution(Input=source)
sr.ModelFile = model
sr.InputArray = ["POINTS", "RTData"]
sr.NumberOfSamples = 2
sr.Steps = 4
view = CreateView("RenderView")
view.ViewSize = [240, 240]
view.OrientationAxesVisibility = 0
display = Show(sr, view)
ColorBy(display, ("POINTS", "mean"))
display.LookupTable.RescaleTransferFunction(-50.0, 300.0)
view.ResetCamera()


def shot(name):
    path = os.path.join(work, name)
    Render(view)
    SaveScreenshot(path, view, ImageResolution=[240, 240])
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def seed_recorded():
    sr.UpdatePipeline()
    data = sr.GetClientSideObject().GetOutputDataObject(0)
    seed = data.GetFieldData().GetArray("seed")
    return seed.GetValue(0) if seed else None


sr.Seed = 1
first = shot("seed1.png")
# The Wavelet (values around 100) is no vorticity of the model's flow: said once, as a warning.
unlike = [m for m in take_messages() if "unlike the model's training data" in m]
check(len(unlike) == 1 and unlike[0].startswith("Warning"), "the foreign input is warned about once: %r" % unlike)

sr.UpscaleFactor = 3
Render(view)
refusal = take_messages()
check(any("factor 3" in m for m in refusal), "the refused factor is reported: %r" % refusal)
check(len(refusal) == 1, "the refusal is one message (got %d)" % len(refusal))
check(not any("returned failure for request" in m for m in refusal), "no pipeline dump follows the refusal")

sr.UpscaleFactor = 4
sr.Seed = 5
fifth = shot("seed5.png")
after = take_messages()
check(not after, "the next good update reports nothing: %r" % after)
check(seed_recorded() == 5, "the output records seed 5")
sr.Seed = 6
sixth = shot("seed6.png")
check(seed_recorded() == 6, "the output records seed 6")
check(len({first, fifth, sixth}) == 3, "the three screenshots differ (seeds 1, 5, 6)")

# The picture at seed 6 is the one a pipeline that never saw a refusal renders.
Delete(display)
fresh = GenerativeSuperResolution(Input=source)
fresh.ModelFile = model
fresh.InputArray = ["POINTS", "RTData"]
fresh.NumberOfSamples = 2
fresh.Steps = 4
fresh.Seed = 6
display = Show(fresh, view)
ColorBy(display, ("POINTS", "mean"))
display.LookupTable.RescaleTransferFunction(-50.0, 300.0)
check(shot("fresh6.png") == sixth, "seed 6 after a refusal renders as seed 6 in a fresh pipeline")

if failures:
    sys.exit("%d check(s) failed" % len(failures))
print("all checks passed")
