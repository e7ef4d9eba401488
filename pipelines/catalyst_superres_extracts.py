# script-version: 2.0
"""Catalyst script: every SCOREFIELD_EVERY steps, super-resolve the simulation's vorticity with the
ScoreField filter and write the super-resolved ensemble (sample_k, mean, std) and the coarse input
as .pvti extracts (inline binary, which this platform's ParaView reads back) to
SCOREFIELD_OUTPUT. Settings: catalyst_settings.py."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import catalyst_settings as settings  # noqa: E402
from paraview import catalyst  # noqa: E402
from paraview.simple import CreateExtractor  # noqa: E402

grid, fine = settings.superres_pipeline()
for source, name in ((fine, "superres"), (grid, "coarse")):
    extract = CreateExtractor("VTI", source, registrationName=name + "_extract")
    extract.Writer.FileName = name + "_{timestep:06d}.pvti"
    extract.Writer.DataMode = "Binary"
    extract.Writer.CompressorType = "None"
    extract.Trigger = "TimeStep"
    extract.Trigger.Frequency = settings.EVERY

options = settings.catalyst_options(catalyst)


def catalyst_execute(info):
    print("catalyst: super-resolved step %d (t = %.3f) into %s" % (info.timestep, info.time, settings.OUTPUT),
          flush=True)
