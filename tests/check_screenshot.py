"""Checks a screenshot of the GUI test: four panes side by side (coarse, sample, mean, std), each of
which must show a field, not an empty view. Usage: check_screenshot.py PNG

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
failures = 0
for pane in range(4):
    part = image[:, pane * width // 4:(pane + 1) * width // 4]
    covered = np.any(part != background, axis=-1).mean()
    distinct = len(np.unique(part.reshape(-1, 3), axis=0))
    ok = covered > 0.4 and distinct > 100
    failures += not ok
    print("%s pane %d: %.0f%% of pixels drawn, %d colours" % ("ok  " if ok else "FAIL", pane, 100 * covered, distinct))
print("screenshot shows the four fields" if not failures else "FAILED")
sys.exit(1 if failures else 0)
