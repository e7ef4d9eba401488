# ScoreField example: a coarse Navier-Stokes vorticity field (32 x 32) super-resolved 4x to
# 128 x 128 with the shipped model, shown as coarse input | one sample | ensemble mean | ensemble std.
#
# In the ParaView GUI: File > Load State..., pick this file (the plugin must be loaded: Tools >
# Manage Plugins, or PV_PLUGIN_PATH). In pvpython: pvpython data/examples/superres_demo_state.py
# [OUT.png] also saves the picture.
import os
import sys

from paraview.simple import (AssignViewToLayout, ColorBy, CreateLayout, CreateView, GetColorTransferFunction,
                             Render, SaveScreenshot, Show, XMLImageDataReader)
import paraview.simple as simple

here = os.path.dirname(os.path.abspath(__file__))
if not hasattr(simple, "GenerativeSuperResolution"):
    raise RuntimeError("the ScoreField plugin is not loaded: Tools > Manage Plugins > Load New... and pick "
                       "ScoreField.so (build/lib/paraview-5.11/plugins/ScoreField/), or set PV_PLUGIN_PATH")

coarse = XMLImageDataReader(registrationName="ns_coarse_32.vti", FileName=[os.path.join(here, "ns_coarse_32.vti")])
# No Model File: the filter uses the shipped ns-superres.sfm (trained for 32 -> 128).
fine = simple.GenerativeSuperResolution(registrationName="Generative Super-Resolution", Input=coarse,
                                        InputArray=["POINTS", "vorticity"], UpscaleFactor=4, NumberOfSamples=4,
                                        Sampler="Probability-flow ODE", Steps=32, Seed=0)

layout = CreateLayout("ScoreField example")
layout.SplitHorizontal(0, 0.5)
layout.SplitHorizontal(1, 0.5)
layout.SplitHorizontal(2, 0.5)
vorticity = GetColorTransferFunction("vorticity")
spread = GetColorTransferFunction("std")


def pane(hint, source, array):
    """One pane of the layout: `array` of `source` on the unit square, seen from above."""
    view = CreateView("RenderView")
    AssignViewToLayout(view=view, layout=layout, hint=hint)
    display = Show(source, view, Representation="Slice")
    ColorBy(display, ("POINTS", array))
    # The samples and the mean share the input's colour scale, so that they compare directly.
    display.LookupTable = spread if array == "std" else vorticity
    display.SetScalarBarVisibility(view, True)
    # After Show, which resets the camera of a view's first display.
    for name, value in (("OrientationAxesVisibility", 0), ("InteractionMode", "2D"),
                        ("CameraPosition", [0.5, 0.5, 5.0]), ("CameraFocalPoint", [0.5, 0.5, 0.0]),
                        ("CameraViewUp", [0.0, 1.0, 0.0]), ("CameraParallelProjection", 1),
                        ("CameraParallelScale", 0.55)):
        setattr(view, name, value)


for hint, (source, array) in enumerate([(coarse, "vorticity"), (fine, "sample_0"), (fine, "mean"), (fine, "std")], 3):
    pane(hint, source, array)
vorticity.RescaleTransferFunction(*coarse.PointData["vorticity"].GetRange())
Render()
if __name__ == "__main__" and len(sys.argv) > 1:
    layout.SetSize(1600, 400)
    SaveScreenshot(sys.argv[1], layout, ImageResolution=[1600, 400])
