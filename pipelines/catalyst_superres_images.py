# script-version: 2.0
"""Catalyst script: every SCOREFIELD_EVERY steps, super-resolve the simulation's vorticity and render
one PNG per step to SCOREFIELD_OUTPUT: the coarse field, the ensemble mean and the ensemble
standard deviation side by side (the first two on one colour scale). Renders offscreen through
ParaView's OpenGL; without a display run the simulation under scripts/with-xvfb.sh. Settings:
catalyst_settings.py."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import catalyst_settings as settings  # noqa: E402
from paraview import catalyst  # noqa: E402
from paraview.simple import (ColorBy, CreateExtractor, CreateView, GetColorTransferFunction,  # noqa: E402
                             GetScalarBar, PassArrays, Show, Text)

grid, fine = settings.superres_pipeline()
# A second handle on the ensemble, so that it can be shown twice (mean, std).
spread = PassArrays(registrationName="spread", Input=fine, CellDataArrays=["std"])

view = CreateView("RenderView")
view.ViewSize = [1500, 540]
view.OrientationAxesVisibility = 0
view.Background = [1.0, 1.0, 1.0]
view.UseColorPaletteForBackground = 0
vorticity = GetColorTransferFunction("vorticity")
vorticity.ApplyPreset("Cool to Warm", True)
vorticity.RescaleOnVisibilityChange = 0
vorticity.AutomaticRescaleRangeMode = "Grow and update every timestep"
std = GetColorTransferFunction("std")
std.ApplyPreset("Viridis (matplotlib)", True)
# The unit torus three times, 0.15 apart: coarse | mean | std.
panels = ((grid, "vorticity", vorticity, 0.0, "coarse (simulation grid)"),
          (fine, "mean", vorticity, 1.15, "super-resolved ensemble mean"),
          (spread, "std", std, 2.3, "ensemble std"))
for source, array, lut, shift, title in panels:
    display = Show(source, view)
    display.Representation = "Surface"
    ColorBy(display, ("CELLS", array))
    display.LookupTable = lut
    display.Position = [shift, 0.0, 0.0]
    label = Show(Text(Text=title), view)
    label.Color = [0.0, 0.0, 0.0]
    label.FontSize = 13
    label.WindowLocation = "Any Location"
    label.Position = [0.03 + shift / 3.5, 0.955]
# Horizontal colour bars in a band below the panels.
for lut, title, x in ((vorticity, "vorticity", 0.2), (std, "ensemble std", 0.72)):
    bar = GetScalarBar(lut, view)
    bar.Title = title
    bar.ComponentTitle = ""
    bar.TitleColor = bar.LabelColor = [0.0, 0.0, 0.0]
    bar.Orientation = "Horizontal"
    bar.WindowLocation = "Any Location"
    bar.Position = [x, 0.02]
    bar.ScalarBarLength = 0.2
    bar.Visibility = 1
view.CameraPosition = [1.65, 0.4, 6.0]
view.CameraFocalPoint = [1.65, 0.4, 0.0]
view.CameraViewUp = [0.0, 1.0, 0.0]
view.CameraParallelProjection = 1
view.CameraParallelScale = 0.7

png = CreateExtractor("PNG", view, registrationName="images")
png.Trigger = "TimeStep"
png.Trigger.Frequency = settings.EVERY
png.Writer.FileName = "superres_{timestep:06d}.png"
png.Writer.ImageResolution = [1500, 540]

options = settings.catalyst_options(catalyst)


def catalyst_execute(info):
    print("catalyst: rendered step %d (t = %.3f)" % (info.timestep, info.time), flush=True)
