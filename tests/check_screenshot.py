"""Checks a picture of fields side by side (the GUI test's coarse | sample | mean | std, or the in-situ
image's coarse | mean | std): each pane must show a field, not an empty view.
Usage: check_screenshot.py PNG [PANES (default 4)]

A pane counts as showing a field when more than 40% of its pixels differ from the background
colour (the field and its colour bar cover ~60% of each pane; an empty view ~3%) and it holds more than 100 distinct colours (a colour
map over a varying field; an empty or constant view has a handful: background, text, bar)."""
import sys

import matplotlib.image as mpimg
import numpy as np

image = (mpimg.imread(sys.argv[1])[..., :3] * 255).astype(np.uint8)
height, width, _ = image.shape
# The background is the most common colour of the top rows (above the fields, beside the titles).
top = image[: height // 20].reshape(-1, 3)
colours, counts = np.unique(top, axis=0, return_counts=True)
background = colours[counts.argmax()]
panes = int(sys.argv[2]) if len(sys.argv) > 2 else 4
failures = 0
for pane in range(panes):
    part = image[:, pane * width // panes:(pane + 1) * width // panes]
    covered = np.any(part != background, axis=-1).mean()
    distinct = len(np.unique(part.reshape(-1, 3), axis=0))
    ok = covered > 0.4 and distinct > 100
    failures += not ok
    print("%s pane %d: %.0f%% of pixels drawn, %d colours" % ("ok  " if ok else "FAIL", pane, 100 * covered, distinct))
print("the picture shows %d fields" % panes if not failures else "FAILED")
sys.exit(1 if failures else 0)
