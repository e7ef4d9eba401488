"""Run inside the ParaView GUI (paraview --script=THIS --exit, under scripts/with-xvfb.sh; driven by
gui_abort.cmake): the progress bar's abort button stops a running Generative Super-Resolution.

A 64^2 Wavelet is super-resolved to 256^2 (4 samples, 64 SDE steps). The plugin's GUI relay is
told (SCOREFIELD_GUI_TEST_ABORT_AT) to click the real abort button once progress reaches 10%; the
filter must then stop at once: no sampler step after the one during which the button was
clicked, an empty output, and a later update that runs to the end. The time from the click to the
filter's return is written to the log too. Settings from the environment:

  SCOREFIELD_PLUGIN, SCOREFIELD_MODEL     the plugin library and a super-resolution model
  SCOREFIELD_GUI_TEST_ABORT_LOG           where the relay writes the moment it clicked
  SCOREFIELD_RESULT                       where this script writes its findings (key value lines)
"""
import os
import time

from paraview.simple import LoadPlugin, Wavelet

env = os.environ
results = []


def note(key, value):
    results.append("%s %s" % (key, value))
    with open(env["SCOREFIELD_RESULT"], "w") as out:
        out.write("\n".join(results) + "\n")


note("started", 1)
LoadPlugin(env["SCOREFIELD_PLUGIN"], remote=False, ns=globals())
source = Wavelet(WholeExtent=[0, 63, 0, 63, 0, 0])
superres = GenerativeSuperResolution(Input=source, ModelFile=env["SCOREFIELD_MODEL"],  # noqa: F821
                                     NumberOfSamples=4, Sampler="Reverse SDE", Steps=64, UpscaleFactor=4,
                                     InputArray=["POINTS", "RTData"])
algorithm = superres.GetClientSideObject()
reports = []
tag = algorithm.AddObserver("ProgressEvent", lambda caller, event: reports.append((time.monotonic(), caller.GetProgress())))
start = time.monotonic()
superres.UpdatePipeline()
end = time.monotonic()
algorithm.RemoveObserver(tag)

clicked = {}
if os.path.exists(env["SCOREFIELD_GUI_TEST_ABORT_LOG"]):
    with open(env["SCOREFIELD_GUI_TEST_ABORT_LOG"]) as log:
        clicked = dict(line.split() for line in log if line.strip())
note("clicked_at_progress", clicked.get("clicked_at_progress", -1))
note("button_enabled", clicked.get("button_enabled", 0))
# The sampler's own reports lie strictly between 0 and 1 (the pipeline adds 0 and 1 around each
# execution); the click happened during the first report at or above its threshold.
threshold = float(clicked.get("clicked_at_progress", 1000)) / 100.0
steps = [(t, p) for t, p in reports if 0.0 < p < 1.0]
at_click = [(t, p) for t, p in steps if p >= threshold - 1e-9]
note("sampler_reports", len(steps))
note("reports_after_click", max(0, len(at_click) - 1))
note("seconds_click_to_return", "%.3f" % (end - at_click[0][0]) if at_click else -1)
note("seconds_total", "%.3f" % (end - start))
note("points_after_abort", superres.GetDataInformation().GetNumberOfPoints())

# The next update (nothing aborts it: the relay clicks once per process) runs to the end.
superres.Steps = 2
superres.UpdatePipeline()
note("points_after_next_update", superres.GetDataInformation().GetNumberOfPoints())
note("finished", 1)
