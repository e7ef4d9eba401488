"""Renders .vti fields side by side into one PNG with ParaView (pvpython, under scripts/with-xvfb.sh without a display).

Usage: pvpython pipelines/render_samples.py OUT.png FILE.vti [FILE.vti ...]
Each field is shown with the same colour range so that amplitudes compare across panels.
"""
import os
import sys

from paraview.simple import (ColorBy, CreateRenderView, GetColorTransferFunction, Render, SaveScreenshot,
                             Show, Text, XMLImageDataReader, AssignViewToLayout, CreateLayout)


def main(out, files):
    readers = [XMLImageDataReader(FileName=[f]) for f in files]
    lo, hi = 0.0, 0.0
    for r in readers:
        r.UpdatePipeline()
        name = r.PointData.keys()[0]
        a, b = r.PointData[name].GetRange()
        lo, hi = min(lo, a), max(hi, b)
    lut = GetColorTransferFunction(readers[0].PointData.keys()[0])
    lut.ApplyPreset('Cool to Warm', True)
    lut.RescaleTransferFunction(lo, hi)
    layout = CreateLayout('samples')
    for i, (f, r) in enumerate(zip(files, readers)):
        view = CreateRenderView()
        AssignViewToLayout(view=view, layout=layout, hint=0)
        view.OrientationAxesVisibility = 0
        d = Show(r, view)
        d.SetRepresentationType('Slice')
        ColorBy(d, ('POINTS', r.PointData.keys()[0]))
        d.LookupTable = lut
        view.InteractionMode = '2D'
        view.ResetCamera()
        label = Text(Text=os.path.basename(f))
        Show(label, view).FontSize = 14
        Render(view)
    SaveScreenshot(out, layout, ImageResolution=[360 * len(files), 360])
    print('wrote', out)


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
