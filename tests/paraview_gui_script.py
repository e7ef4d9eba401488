"""Run inside the ParaView GUI (paraview --script=THIS --exit, under scripts/with-xvfb.sh): loads the ScoreField
plugin, opens a coarse field, applies Generative Super-Resolution as a user would and shows the
coarse field, one sample, the ensemble mean and the ensemble std side by side, then saves the
layout as a picture. Settings come from the environment (the GUI keeps the command line):

  SCOREFIELD_PLUGIN      the plugin library
  SCOREFIELD_MODEL       a super-resolution model
  SCOREFIELD_INPUT       a coarse 2-D .vti
  SCOREFIELD_ARRAY       its array
  SCOREFIELD_SCREENSHOT  the .png to write
"""
import os

from paraview.simple import (AssignViewToLayout, ColorBy, CreateLayout, CreateView, GetColorTransferFunction,
                             GetDisplayProperties, LoadPlugin, SaveScreenshot, Show, Text, XMLImageDataReader)

env = os.environ


def step(what):
    """Progress into SCREENSHOT.log (the GUI holds back Python's output), so that a failure or a
    hang shows where it happened."""
    with open(env["SCOREFIELD_SCREENSHOT"] + ".log", "a") as log:
        log.write("gui script: %s\n" % what)


step("starting")
LoadPlugin(env["SCOREFIELD_PLUGIN"], remote=False, ns=globals())
step("plugin loaded")
coarse = XMLImageDataReader(registrationName="coarse.vti", FileName=[env["SCOREFIELD_INPUT"]])
superres = GenerativeSuperResolution(registrationName="GenerativeSuperResolution", Input=coarse,  # noqa: F821
                                     ModelFile=env["SCOREFIELD_MODEL"], NumberOfSamples=4, Steps=32, Seed=1,
                                     UpscaleFactor=4, InputArray=["POINTS", env["SCOREFIELD_ARRAY"]])
step("plugin loaded, filter created")
superres.UpdatePipeline()
step("super-resolved")

layout = CreateLayout("ScoreField")
# Four equal panes in a row: split the root, then each half.
layout.SplitHorizontal(0, 0.5)
layout.SplitHorizontal(1, 0.5)
layout.SplitHorizontal(2, 0.5)
panels = [(coarse, env["SCOREFIELD_ARRAY"], "coarse input 16 x 16"),
          (superres, "sample_0", "one sample 64 x 64"),
          (superres, "mean", "ensemble mean"),
          (superres, "std", "ensemble std")]
lookup = GetColorTransferFunction(env["SCOREFIELD_ARRAY"])
spread = GetColorTransferFunction("std")
for i, (source, array, title) in enumerate(panels):
    view = CreateView("RenderView")
    AssignViewToLayout(view=view, layout=layout, hint=3 + i)
    step("view %d in the layout" % i)
    view.OrientationAxesVisibility = 0
    view.InteractionMode = "2D"
    display = Show(source, view)
    display.Representation = "Slice"
    ColorBy(display, ("POINTS", array))
    # Samples and mean share the coarse field's colour scale, so that they compare directly.
    display.LookupTable = spread if array == "std" else lookup
    display.SetScalarBarVisibility(view, True)
    label = Show(Text(Text=title), view)
    label.FontSize = 14
    label.WindowLocation = "Upper Center"
    # The field fills the pane's height, shifted left to leave room for its colour bar.
    x0, x1, y0, y1, _, _ = source.GetDataInformation().GetBounds()
    centre = (0.5 * (x0 + x1) + 0.2 * (x1 - x0), 0.5 * (y0 + y1))
    view.CameraFocalPoint = [centre[0], centre[1], 0.0]
    view.CameraPosition = [centre[0], centre[1], 10.0]
    view.CameraViewUp = [0.0, 1.0, 0.0]
    view.CameraParallelProjection = 1
    view.CameraParallelScale = 0.6 * (y1 - y0)
    step("view %d shown" % i)
step("views shown")
lookup.RescaleTransferFunction(*coarse.PointData[env["SCOREFIELD_ARRAY"]].GetRange())
layout.SetSize(2000, 420)
SaveScreenshot(env["SCOREFIELD_SCREENSHOT"], layout, ImageResolution=[2000, 420])
step("finished")
